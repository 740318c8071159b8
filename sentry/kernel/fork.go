package kernel

import (
	"encoding/binary"
	"time"

	"go.uber.org/zap"
	"golang.org/x/sys/unix"
)

// CloneArgs are the parts of clone(2) this version serves: new processes
// (fork, vfork without shared memory); threads arrive with the kernel work.
type CloneArgs struct {
	Flags      uint64
	Stack      uintptr
	ParentTID  uintptr
	ChildTID   uintptr
	TLS        uintptr
	ExitSignal unix.Signal
}

// Clone flags this version understands.
const (
	CloneVM            = unix.CLONE_VM
	CloneVfork         = unix.CLONE_VFORK
	CloneSettls        = unix.CLONE_SETTLS
	CloneParentSettid  = unix.CLONE_PARENT_SETTID
	CloneChildSettid   = unix.CLONE_CHILD_SETTID
	CloneChildCleartid = unix.CLONE_CHILD_CLEARTID
)

// Fork makes a child process of t: a copy of its address space, its fd
// table, working directory, credentials, limits and signal state; the child
// starts where t is, with rax 0, on a goroutine of its own. It returns the
// child's tid. With CLONE_VFORK the caller waits until the child execs or
// exits. Errors: ENOMEM, EAGAIN.
func (t *Task) Fork(a CloneArgs) (int32, error) {
	if err := t.ctx.SyncFP(t.State); err != nil {
		return 0, err
	}
	newMM, err := t.MM.Fork()
	if err != nil {
		return 0, unix.ENOMEM
	}
	k := t.K
	k.mu.Lock()
	if len(k.tasks) >= int(t.Rlimit(unix.RLIMIT_NPROC).Cur) {
		k.mu.Unlock()
		newMM.Release()
		return 0, unix.EAGAIN
	}
	tid := k.nextTID
	k.nextTID++
	st := t.State.Fork()
	fs := *t.FS
	c := &Task{K: k, TID: tid, TGID: tid, PPID: t.TGID, MM: newMM, FDs: t.FDs.Fork(), FS: &fs,
		State: st, Creds: t.Creds, Umask: t.Umask, parent: t, exitSignal: a.ExitSignal,
		execPath: t.execPath, restartNr: -1, pgid: t.pgid, sid: t.sid}
	t.inherit(c, true)
	c.ctty = t.leader.ctty
	k.tasks[tid] = c
	c.leader, c.threads, c.groupDone = c, map[int32]*Task{tid: c}, make(chan struct{})
	c.view = newMM.DefaultView()
	if t.leader.children == nil {
		t.leader.children = make(map[int32]*Task)
	}
	t.leader.children[tid] = c
	k.mu.Unlock()

	c.State.Regs.Rax = 0
	if a.Stack != 0 {
		c.State.Regs.Rsp = uint64(a.Stack)
	}
	if a.Flags&CloneSettls != 0 {
		c.State.Regs.Fs_base = uint64(a.TLS)
	}
	tidBytes := binary.LittleEndian.AppendUint32(nil, uint32(tid))
	if a.Flags&CloneChildSettid != 0 {
		c.MM.CopyOut(a.ChildTID, tidBytes)
	}
	if a.Flags&CloneParentSettid != 0 {
		t.MM.CopyOut(a.ParentTID, tidBytes)
	}
	if a.Flags&CloneChildCleartid != 0 {
		c.clearChildTID = a.ChildTID
	}
	if a.Flags&CloneVfork != 0 {
		c.vforkDone = make(chan struct{})
	}
	go c.runTask()
	if ch := c.vforkDone; ch != nil {
		// Like Linux, the parent waits for the child's exec or exit, and
		// only its death ends the wait early.
		t.waitKillable(ch)
	}
	return tid, nil
}

// runTask runs a new process's or thread's task on its own goroutine and
// reports its exit (a platform failure kills its process).
func (t *Task) runTask() {
	ws, err := t.Run()
	if err != nil {
		t.K.Log.Error("task failed: its process is killed", zap.Int32("tid", t.TID), zap.Error(err))
		t.ExitGroup(unix.WaitStatus(unix.SIGKILL))
		ws = unix.WaitStatus(unix.SIGKILL)
	}
	t.threadExited(ws)
}

// inherit copies what a new task takes from t whether it is a process or a
// thread: limits, signal actions and mask, no_new_privs, name, seccomp
// filters; a new process also keeps the alternate signal stack (a thread
// starts without one, as in Linux).
func (t *Task) inherit(c *Task, altStack bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	c.rlimits = make(map[int]unix.Rlimit, len(t.rlimits))
	for r, l := range t.rlimits {
		c.rlimits[r] = l
	}
	c.sigActions, c.sigMask = t.sigActions, t.sigMask
	if altStack {
		c.altStack = t.altStack
	}
	c.noNewPrivs, c.name, c.exe, c.personality = t.noNewPrivs, t.name, t.exe, t.personality
	c.affinity, c.nice, c.policy = t.affinity, t.nice, t.policy
	c.seccomp.Store(t.seccomp.Load())
}

// exited records t as a zombie for its parent to reap and sends the parent
// its exit signal (SIGCHLD for fork).
func (t *Task) exited(ws unix.WaitStatus) {
	t.releaseVfork()
	t.sessionLeaderExit()
	k := t.K
	k.mu.Lock()
	t.zombie = true
	t.exitStatus = ws
	parent := t.parent
	// A parent that ignores SIGCHLD, or set SA_NOCLDWAIT, leaves no zombie:
	// the child is reaped now (and its times are not the parent's).
	autoReap := false
	if parent != nil && t.exitSignal == unix.SIGCHLD {
		parent.mu.Lock()
		h, flags, _, _ := parent.handlerOf(unix.SIGCHLD)
		parent.mu.Unlock()
		autoReap = h == 1 || flags&saNocldwait != 0
		if autoReap {
			delete(parent.leader.children, t.TGID)
			delete(k.tasks, t.TGID)
		}
	}
	k.childEventLocked()
	// Orphans go to the nearest live ancestor that is a child subreaper
	// (PR_SET_CHILD_SUBREAPER), else to the sandbox's init (which reaps
	// them), as Linux's reparenting does; those that asked for
	// PR_SET_PDEATHSIG get it.
	var orphans []*Task
	init := k.tasks[1]
	for a := t.parent; a != nil && a != init; a = a.parent {
		if !a.zombie && a.Subreaper() {
			init = a.leader
			break
		}
	}
	for tid, c := range t.children {
		if !c.zombie {
			orphans = append(orphans, c)
		}
		if init != nil && init != t && !init.zombie {
			if init.children == nil {
				init.children = make(map[int32]*Task)
			}
			init.children[tid] = c
			c.parent, c.PPID = init, init.TGID
		}
	}
	t.children = nil
	k.mu.Unlock()
	for _, c := range orphans {
		if sig := c.Pdeathsig(); sig != 0 {
			c.SignalTarget(unix.Signal(sig)).SendSignal(NewSigInfo(unix.Signal(sig), SIUser))
		}
	}
	if parent != nil && t.exitSignal != 0 {
		code, status := int32(CLDExited), int32(ws.ExitStatus())
		if ws.Signaled() {
			code, status = CLDKilled, int32(ws.Signal())
			if ws.CoreDump() {
				code = CLDDumped
			}
		}
		si := NewSigInfo(t.exitSignal, code)
		si.SetPidUid(t.TGID, t.Creds.UID)
		si.SetInt32(24, status)
		// si_utime and si_stime: the process's own CPU time, in clock ticks.
		u := t.ProcessUsage()
		binary.LittleEndian.PutUint64(si[32:], uint64(u.User/(10*time.Millisecond)))
		binary.LittleEndian.PutUint64(si[40:], uint64(u.Sys/(10*time.Millisecond)))
		parent.SignalTarget(t.exitSignal).SendSignal(si)
	}
}

func (t *Task) releaseVfork() {
	t.mu.Lock()
	ch := t.vforkDone
	t.vforkDone = nil
	t.mu.Unlock()
	if ch != nil {
		close(ch)
	}
}

// childEventLocked wakes every waiter for children (k.mu held).
func (k *Kernel) childEventLocked() {
	if k.childCh != nil {
		close(k.childCh)
	}
	k.childCh = make(chan struct{})
}

func (k *Kernel) childEventsLocked() <-chan struct{} {
	if k.childCh == nil {
		k.childCh = make(chan struct{})
	}
	return k.childCh
}

// WaitChild waits for a child as wait4 does: pid -1 any child, > 0 that
// child, 0 the caller's group, < -1 group -pid. With nohang it returns 0
// when no child has exited. Errors: ECHILD, ERESTARTSYS.
func (t *Task) WaitChild(pid int32, nohang bool) (int32, unix.WaitStatus, error) {
	return t.WaitChildOpts(pid, nohang, false, false)
}

// WaitChildOpts is WaitChild that also reports stops (untraced) and
// continues (continued), once each, as WUNTRACED and WCONTINUED ask.
func (t *Task) WaitChildOpts(pid int32, nohang, untraced, continued bool) (int32, unix.WaitStatus, error) {
	tid, ws, _, err := t.WaitChildUsage(pid, nohang, untraced, continued)
	return tid, ws, err
}

// WaitChildUsage is WaitChildOpts that also returns the CPU time of a
// reaped child (zero for a stop or continue report).
func (t *Task) WaitChildUsage(pid int32, nohang, untraced, continued bool) (int32, unix.WaitStatus, Usage, error) {
	var report unix.WaitStatus
	var reported *Task
	c, err := t.waitFor(func(c *Task) bool {
		switch {
		case pid > 0:
			return c.TGID == pid
		case pid == 0:
			return c.pgid == t.pgid
		case pid < -1:
			return c.pgid == -pid
		}
		return true
	}, func(c *Task) bool {
		if ws := c.takeReportLocked(untraced, continued); ws != 0 {
			report, reported = ws, c
			return true
		}
		return false
	}, nohang, false)
	if err != nil || c == nil {
		return 0, 0, Usage{}, err
	}
	if reported == c {
		return c.TGID, report, Usage{}, nil
	}
	return c.TGID, c.exitStatus, c.ExitUsage(), nil
}

// WaitFor waits until a child that match selects (called with Kernel.mu
// held) has exited and returns it, reaped unless noReap. With nohang it
// returns nil when none has. Errors: ECHILD, ERESTARTSYS.
func (t *Task) WaitFor(match func(*Task) bool, nohang, noReap bool) (*Task, error) {
	return t.waitFor(match, nil, nohang, noReap)
}

// waitFor is WaitFor that also returns a live child for which ready (called
// with Kernel.mu held) says there is something to report.
func (t *Task) waitFor(match, ready func(*Task) bool, nohang, noReap bool) (*Task, error) {
	k := t.K
	k.mu.Lock()
	defer k.mu.Unlock()
	for {
		found := false
		for tid, c := range t.leader.children {
			if !match(c) {
				continue
			}
			found = true
			if c.zombie {
				if !noReap {
					delete(t.leader.children, tid)
					delete(k.tasks, tid)
					t.reapedLocked(c)
				}
				return c, nil
			}
			if ready != nil && ready(c) {
				return c, nil
			}
		}
		if !found {
			return nil, unix.ECHILD
		}
		if nohang {
			return nil, nil
		}
		ch := k.childEventsLocked()
		k.mu.Unlock()
		err := t.Block(ch, nil)
		k.mu.Lock()
		if err != nil {
			return nil, err
		}
	}
}

// ExitInfo is what waitid reports about an exited child.
func (c *Task) ExitInfo() (pid int32, uid uint32, ws unix.WaitStatus) {
	return c.TGID, c.Creds.UID, c.exitStatus
}

// Pgid0 is the group of a task whose Kernel.mu the caller holds.
func (c *Task) Pgid0() int32 { return c.pgid }

// ExecReplace is execve: load path into a fresh address space, close the
// close-on-exec fds, reset handled signals to their default, and release a
// vfork parent.
func (t *Task) ExecReplace(path string, argv, envv []string) error {
	return t.execReplace(func() error { return t.Exec(path, argv, envv) })
}

// execReplace is ExecReplace with load doing the loading.
func (t *Task) execReplace(load func() error) error {
	if err := load(); err != nil {
		return err
	}
	t.killOtherThreads()
	t.FDs.RemoveCloseOnExec()
	t.K.mu.Lock()
	t.execed = true
	t.K.mu.Unlock()
	t.mu.Lock()
	for i := range t.sigActions {
		h := binary.LittleEndian.Uint64(t.sigActions[i][:8])
		if h != 1 { // SIG_IGN survives exec
			t.sigActions[i] = [32]byte{}
		}
	}
	t.altStack = [24]byte{}
	t.mu.Unlock()
	t.releaseVfork()
	return nil
}

// WaitForReport is WaitFor that also returns a live child with a stop or
// continue to report (stopped, continued), with that report's wait status.
func (t *Task) WaitForReport(match func(*Task) bool, exited, stopped, continued, nohang, noReap bool) (*Task, unix.WaitStatus, error) {
	var report unix.WaitStatus
	var reported *Task
	m := match
	if !exited {
		m = func(c *Task) bool { return match(c) && !c.zombie }
	}
	c, err := t.waitFor(m, func(c *Task) bool {
		if ws := c.takeReportLocked(stopped, continued); ws != 0 {
			report, reported = ws, c
			return true
		}
		return false
	}, nohang, noReap)
	if err != nil || c == nil {
		return nil, 0, err
	}
	if reported == c {
		return c, report, nil
	}
	return c, c.exitStatus, nil
}
