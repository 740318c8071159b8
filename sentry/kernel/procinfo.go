package kernel

import (
	"path"
	"sort"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/mm"
	"husk/sentry/vfs"
)

// Read-only views of tasks for the sandbox's own /proc (sentry/fs/proc).
// They take the locks they need and return copies: a reader never holds a
// kernel lock while it formats.

// Walker returns a walker for one path resolution by t: its root and
// working directory, with t as the caller (procfs's /proc/self and magic
// links resolve relative to it).
func (t *Task) Walker() *vfs.Walker {
	w := &vfs.Walker{Root: t.FS.Root, Cwd: t.FS.Cwd, Caller: t}
	if !t.Creds.HasCap(CapDACOverride) && !t.Creds.HasCap(CapDACReadSearch) {
		w.Search = t.maySearch
	}
	return w
}

// maySearch checks that t may look names up in the directory d.
func (t *Task) maySearch(d *vfs.Dentry) error {
	st, err := d.Inode().Stat()
	if err != nil {
		return err
	}
	return t.CheckAccess(&st, 1)
}

// ProcessIDs returns the TGIDs of every process, zombies included, in order.
func (k *Kernel) ProcessIDs() []int32 {
	k.mu.Lock()
	defer k.mu.Unlock()
	ids := make([]int32, 0, len(k.tasks))
	for id, t := range k.tasks {
		if t.TGID == id {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// Process returns the leader of process tgid (a zombie too), or nil.
func (k *Kernel) Process(tgid int32) *Task {
	k.mu.Lock()
	defer k.mu.Unlock()
	t := k.tasks[tgid]
	if t == nil || t.TGID != tgid {
		return nil
	}
	return t
}

// Leader returns the leader of t's thread group.
func (t *Task) Leader() *Task {
	t.K.mu.Lock()
	defer t.K.mu.Unlock()
	return t.leader
}

// ThreadIDs returns the TIDs of the live threads of t's process, in order.
func (t *Task) ThreadIDs() []int32 {
	k := t.K
	k.mu.Lock()
	defer k.mu.Unlock()
	ids := make([]int32, 0, len(t.leader.threads))
	for id := range t.leader.threads {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// Thread returns the live thread tid of t's process, or nil.
func (t *Task) Thread(tid int32) *Task {
	k := t.K
	k.mu.Lock()
	defer k.mu.Unlock()
	return t.leader.threads[tid]
}

// ProcStatus is a snapshot of one task as /proc/[pid]/stat and status show it.
type ProcStatus struct {
	Name                  string // comm
	State                 byte   // R, S, T, Z
	TID, TGID, PPID       int32
	Pgid, Sid             int32
	Threads               int
	Creds                 Creds
	Umask                 uint32
	NoNewPrivs            bool
	Seccomp               int
	SigPending, SigShdPnd uint64
	SigBlocked            uint64
	SigIgnored, SigCaught uint64
	Start                 time.Time
	ExitSignal            int
}

// Status returns t's snapshot. A task waiting in Block shows as sleeping,
// one in app code or in a syscall that does not wait as running.
func (t *Task) Status() ProcStatus {
	k := t.K
	k.mu.Lock()
	l := t.leader
	s := ProcStatus{TID: t.TID, TGID: t.TGID, PPID: t.PPID, Pgid: t.pgid, Sid: t.sid, Threads: len(l.threads),
		ExitSignal: int(t.exitSignal)}
	zombie, stopped := l.zombie, l.stopped
	shd := uint64(0)
	if l != t {
		l.mu.Lock()
		shd = l.pendingMask
		l.mu.Unlock()
	}
	k.mu.Unlock()
	t.mu.Lock()
	n := t.name
	s.Creds, s.Umask, s.NoNewPrivs, s.Start = t.Creds, t.Umask, t.noNewPrivs, t.start
	s.SigPending, s.SigBlocked = t.pendingMask, t.sigMask
	for sig := unix.Signal(1); sig <= 64; sig++ {
		switch h, _, _, _ := t.handlerOf(sig); h {
		case 0:
		case 1:
			s.SigIgnored |= sigBit(sig)
		default:
			s.SigCaught |= sigBit(sig)
		}
	}
	t.mu.Unlock()
	if l == t {
		shd = s.SigPending
	}
	s.SigShdPnd = shd
	s.Seccomp = t.SeccompMode()
	s.Name = cstr(n[:])
	switch {
	case zombie:
		s.State = 'Z'
	case stopped:
		s.State = 'T'
	case t.sleeping.Load() > 0:
		s.State = 'S'
	default:
		s.State = 'R'
	}
	return s
}

// Exe returns the dentry of the program t runs (nil before its first exec).
func (t *Task) Exe() *vfs.Dentry {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.exe
}

// Dirs returns t's root and working directory.
func (t *Task) Dirs() (root, cwd *vfs.Dentry) {
	fs := t.FS
	if fs == nil {
		return nil, nil
	}
	return fs.Root, fs.Cwd
}

// Rlimits returns t's resource limits, RLIM_INFINITY where none is set.
func (t *Task) Rlimits() [16]unix.Rlimit {
	t.mu.Lock()
	defer t.mu.Unlock()
	var r [16]unix.Rlimit
	for i := range r {
		if l, ok := t.rlimits[i]; ok {
			r[i] = l
		} else {
			r[i] = unix.Rlimit{Cur: unix.RLIM_INFINITY, Max: unix.RLIM_INFINITY}
		}
	}
	return r
}

// MayInspect reports whether caller may read t's private state (fd,
// environ, maps...): Linux's ptrace_may_access, simplified to the same
// effective uid as t's real, effective and saved uids, or CAP_SYS_PTRACE.
func (t *Task) MayInspect(caller *Task) bool {
	if caller == nil {
		return false
	}
	if caller.TGID == t.TGID || caller.Creds.HasCap(capSysPtrace) {
		return true
	}
	c := t.Creds
	u := caller.Creds.EUID
	return c.UID == u && c.EUID == u && c.SUID == u
}

const capSysPtrace = 19

// cstr is b up to its first NUL.
func cstr(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// commOf is the name exec gives a task: the file name's last component.
func commOf(p string) string {
	b := path.Base(p)
	if len(b) > 15 {
		b = b[:15]
	}
	return b
}

// Memory returns t's address space (exec replaces it).
func (t *Task) Memory() *mm.MM {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.MM
}

// Owner returns t's effective uid and gid, who owns its /proc files. It
// takes only Task.mu: vfs may ask under File.mu (lseek on a /proc
// directory), and fork takes File.mu under Kernel.mu.
func (t *Task) Owner() (uid, gid uint32) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.Creds.EUID, t.Creds.EGID
}
