package kernel

import "golang.org/x/sys/unix"

// Process groups and sessions: each process has a process-group id and a
// session id (guarded by Kernel.mu), inherited across fork. The first
// process leads its own group and session. Controlling terminals: ctty.go.

// Pgid and Sid return the process's group and session.
func (t *Task) Pgid() int32 { t.K.mu.Lock(); defer t.K.mu.Unlock(); return t.pgid }
func (t *Task) Sid() int32  { t.K.mu.Lock(); defer t.K.mu.Unlock(); return t.sid }

// Setsid makes the caller the leader of a new session and group.
// Errors: EPERM if it already leads a process group.
func (t *Task) Setsid() (int32, error) {
	k := t.K
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, o := range k.tasks {
		if !o.zombie && o.pgid == t.TGID {
			return 0, unix.EPERM
		}
	}
	t.pgid, t.sid = t.TGID, t.TGID
	t.leader.ctty = nil
	return t.sid, nil
}

// Setpgid moves process pid (0: the caller) into group pgid (0: its own pid),
// with setpgid(2)'s checks: ESRCH (not the caller or its child), EACCES (a
// child that has exec'd), EPERM (session leader, other session, or no such
// group in the session), EINVAL (negative pgid).
func (t *Task) Setpgid(pid, pgid int32) error {
	if pgid < 0 {
		return unix.EINVAL
	}
	k := t.K
	k.mu.Lock()
	defer k.mu.Unlock()
	target := t
	if pid != 0 && pid != t.TGID {
		c, ok := t.leader.children[pid]
		if !ok || c.zombie {
			return unix.ESRCH
		}
		if c.execed {
			return unix.EACCES
		}
		target = c
	}
	if pgid == 0 {
		pgid = target.TGID
	}
	if target.sid == target.TGID {
		return unix.EPERM // a session leader stays where it is
	}
	if target.sid != t.sid {
		return unix.EPERM
	}
	if pgid != target.TGID {
		found := false
		for _, o := range k.tasks {
			if !o.zombie && o.pgid == pgid && o.sid == t.sid {
				found = true
				break
			}
		}
		if !found {
			return unix.EPERM
		}
	}
	target.pgid = pgid
	return nil
}

// LookupPgidSid returns the group and session of process pid (0: the
// caller). Errors: ESRCH.
func (t *Task) LookupPgidSid(pid int32) (int32, int32, error) {
	k := t.K
	k.mu.Lock()
	defer k.mu.Unlock()
	if pid == 0 || pid == t.TGID {
		return t.pgid, t.sid, nil
	}
	o := k.tasks[pid]
	if o == nil || o.zombie {
		return 0, 0, unix.ESRCH
	}
	return o.pgid, o.sid, nil
}

// GroupMembers returns the live processes of group pgid (all but init and
// the caller when pgid is -1, as kill(-1) wants).
func (t *Task) GroupMembers(pgid int32) []*Task {
	k := t.K
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []*Task
	for _, o := range k.tasks {
		if o.zombie || o.TGID != o.TID {
			continue
		}
		if pgid == -1 {
			if o.TGID != 1 && o != t {
				out = append(out, o)
			}
			continue
		}
		if o.pgid == pgid {
			out = append(out, o)
		}
	}
	return out
}
