package kernel

import "golang.org/x/sys/unix"

// What pidfds need from the process tree: finding a process by pid, zombies
// included (a pid stays until it is reaped), and learning when it exits and
// whether it was reaped.

// ProcessByPID returns the process (its leader) whose pid is pid, a zombie
// not yet reaped included. Errors: ESRCH (no such pid), ENOENT (pid names
// a thread that is not a leader: Linux 6.9 on; before, EINVAL).
func (k *Kernel) ProcessByPID(pid int32) (*Task, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	t := k.tasks[pid]
	if t == nil {
		return nil, unix.ESRCH
	}
	if t.TGID != pid {
		if _, live := t.leader.threads[pid]; !live {
			return nil, unix.ESRCH
		}
		return nil, unix.ENOENT
	}
	return t, nil
}

// GroupDone returns a channel closed when t's whole thread group has exited.
func (t *Task) GroupDone() <-chan struct{} { return t.leader.groupDone }

// Reaped reports whether t's process has been waited for (its pid is gone).
func (t *Task) Reaped() bool {
	k := t.K
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.tasks[t.TGID] != t.leader
}

// Zombie reports whether t's process has exited and is not yet reaped.
func (t *Task) Zombie() bool {
	k := t.K
	k.mu.Lock()
	defer k.mu.Unlock()
	return t.leader.zombie && k.tasks[t.TGID] == t.leader
}
