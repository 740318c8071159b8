package kernel

import (
	"encoding/binary"

	"golang.org/x/sys/unix"
)

// Threads: a thread group is the tasks that share a TGID; its leader (the
// task whose TID is the TGID) holds the group's threads, children and exit
// status. Threads share the MM (each with its own view), and, as the clone
// flags say, the fd table, the filesystem context and the signal actions.

// CloneThread makes a new thread in t's group (clone with CLONE_THREAD).
// Errors: EINVAL for a flag combination Linux refuses, EAGAIN.
func (t *Task) CloneThread(a CloneArgs) (int32, error) {
	const need = unix.CLONE_VM | unix.CLONE_SIGHAND
	if a.Flags&need != need {
		return 0, unix.EINVAL
	}
	if err := t.ctx.SyncFP(t.State); err != nil {
		return 0, err
	}
	view, err := t.MM.NewView()
	if err != nil {
		return 0, unix.ENOMEM
	}
	t.MM.IncUsers()
	k := t.K
	st := t.State.Fork()
	st.Regs.Rax = 0
	if a.Stack != 0 {
		st.Regs.Rsp = uint64(a.Stack)
	}
	if a.Flags&CloneSettls != 0 {
		st.Regs.Fs_base = uint64(a.TLS)
	}
	k.mu.Lock()
	tid := k.nextTID
	k.nextTID++
	c := &Task{K: k, TID: tid, TGID: t.TGID, PPID: t.PPID, MM: t.MM, FDs: t.FDs, FS: t.FS, State: st,
		Creds: t.Creds, Umask: t.Umask, leader: t.leader, view: view, restartNr: -1,
		pgid: t.pgid, sid: t.sid, execPath: t.execPath}
	if a.Flags&unix.CLONE_FILES == 0 {
		c.FDs, c.ownFDs = t.FDs.Fork(), true
	}
	if a.Flags&unix.CLONE_FS == 0 {
		fs := *t.FS
		c.FS = &fs
	}
	t.inherit(c, false)
	if t.leader.groupExit {
		// An exit_group ran while this clone was under way: its snapshot
		// of the group's threads missed the new one, which must not run
		// app code (it would block forever in a dead group).
		c.exiting = true
	}
	k.tasks[tid] = c
	t.leader.threads[tid] = c
	k.mu.Unlock()

	tidBytes := binary.LittleEndian.AppendUint32(nil, uint32(tid))
	if a.Flags&CloneParentSettid != 0 {
		t.MM.CopyOut(a.ParentTID, tidBytes)
	}
	if a.Flags&CloneChildSettid != 0 {
		t.MM.CopyOut(a.ChildTID, tidBytes)
	}
	if a.Flags&CloneChildCleartid != 0 {
		c.clearChildTID = a.ChildTID
	}
	go c.runTask()
	return tid, nil
}

// ExitGroup ends every thread of t's group with status (exit_group, fatal
// signals).
func (t *Task) ExitGroup(status unix.WaitStatus) {
	k := t.K
	k.mu.Lock()
	l := t.leader
	first := !l.groupExit
	l.groupExit = true
	var threads []*Task
	for _, th := range l.threads {
		threads = append(threads, th)
	}
	k.mu.Unlock()
	if first {
		l.mu.Lock()
		l.groupStatus = status
		l.mu.Unlock()
	}
	for _, th := range threads {
		th.Exit(status)
		if th != t {
			th.Interrupt()
		}
	}
}

// threadExited runs after a thread's loop ended: it clears and wakes the
// thread's clear_child_tid word, drops its view and MM, and when it was the
// group's last thread, ends the process: zombie, SIGCHLD, groupDone.
func (t *Task) threadExited(ws unix.WaitStatus) {
	t.stopUsage()
	t.mu.Lock()
	ctid, robust := t.clearChildTID, t.robustList
	t.mu.Unlock()
	if robust != 0 && t.MM != nil {
		t.exitRobustList(robust)
	}
	t.exitPIState()
	if ctid != 0 && t.MM != nil {
		if _, err := t.MM.CopyOut(ctid, make([]byte, 4)); err == nil {
			t.FutexWake(ctid, 1, ^uint32(0))
		}
	}
	k := t.K
	k.mu.Lock()
	l := t.leader
	t.threadUsageExited()
	delete(l.threads, t.TID)
	if t != l {
		delete(k.tasks, t.TID)
	}
	last := len(l.threads) == 0
	k.mu.Unlock()
	t.forgetExited()
	if t.view != nil {
		t.view.Release()
	}
	if t.MM != nil {
		t.MM.DecUsers()
	}
	if !last {
		if t.ownFDs {
			t.FDs.RemoveAll()
		}
		return
	}
	l.mu.Lock()
	status := ws
	if l.groupExit {
		status = l.groupStatus
	}
	l.mu.Unlock()
	t.FDs.RemoveAll()
	l.exited(status)
	close(l.groupDone)
}

// ThreadExited is threadExited for the sandbox's first thread, whose loop
// boot runs itself.
func (t *Task) ThreadExited(ws unix.WaitStatus) { t.threadExited(ws) }

// WaitGroup blocks until t's whole thread group has exited and returns its
// status (the sandbox's first process).
func (t *Task) WaitGroup() unix.WaitStatus {
	<-t.leader.groupDone
	k := t.K
	k.mu.Lock()
	defer k.mu.Unlock()
	return t.leader.exitStatus
}

// signalTarget picks the thread that takes a process-directed signal sig:
// the leader if it runs and does not block sig, else a live thread that
// does not block it, else the leader (it stays pending there).
func (t *Task) signalTarget(sig unix.Signal) *Task {
	k := t.K
	k.mu.Lock()
	defer k.mu.Unlock()
	l := t.leader
	unblocked := func(th *Task) bool {
		th.mu.Lock()
		defer th.mu.Unlock()
		return !th.exiting && (th.sigMask|th.realBlocked)&sigBit(sig) == 0 || sig == unix.SIGKILL
	}
	if _, ok := l.threads[l.TID]; ok && unblocked(l) {
		return l
	}
	var any *Task
	for _, th := range l.threads {
		if unblocked(th) {
			return th
		}
		any = th
	}
	if _, ok := l.threads[l.TID]; ok || any == nil {
		return l
	}
	return any
}

// TaskByTID finds a live thread.
func (k *Kernel) TaskByTID(tid int32) *Task {
	k.mu.Lock()
	defer k.mu.Unlock()
	t := k.tasks[tid]
	if t == nil || t.zombie {
		return nil
	}
	if _, live := t.leader.threads[tid]; !live {
		return nil
	}
	return t
}

// SignalTarget is signalTarget for other packages.
func (t *Task) SignalTarget(sig unix.Signal) *Task { return t.signalTarget(sig) }

// killOtherThreads ends every thread of the group but t (execve).
func (t *Task) killOtherThreads() {
	k := t.K
	k.mu.Lock()
	var others []*Task
	for _, th := range t.leader.threads {
		if th != t {
			others = append(others, th)
		}
	}
	k.mu.Unlock()
	for _, th := range others {
		th.Exit(unix.WaitStatus(unix.SIGKILL))
		th.Interrupt()
	}
}

// Robust futex bits.
const (
	futexWaiters    = 0x80000000
	futexOwnerDied  = 0x40000000
	futexTIDMask    = 0x3fffffff
	robustListLimit = 2048
)

// exitRobustList marks the robust futexes the exiting thread holds as
// owner-died and wakes a waiter of each, as Linux's exit_robust_list does.
func (t *Task) exitRobustList(head uintptr) {
	b := make([]byte, 24)
	if _, err := t.MM.CopyIn(head, b); err != nil {
		return
	}
	next := uintptr(binary.LittleEndian.Uint64(b[0:]))
	offset := int64(binary.LittleEndian.Uint64(b[8:]))
	pending := uintptr(binary.LittleEndian.Uint64(b[16:]))
	// An entry's low bit marks a PI futex: its waiters are handed the lock
	// by exitPIState instead of woken here.
	handle := func(entry uintptr, pi, pendingOp bool) {
		addr := uintptr(int64(entry) + offset)
		waiters, owner := false, uint32(0)
		_, err := t.MM.AtomicUpdate(addr, func(old uint32) uint32 {
			owner = old & futexTIDMask
			if owner != uint32(t.TID) {
				waiters = false
				return old
			}
			waiters = old&futexWaiters != 0
			return old&futexWaiters | futexOwnerDied
		})
		switch {
		case err != nil:
		case pendingOp && !pi && owner == 0:
			// Unlocked but its waiter not yet woken when the owner died.
			t.FutexWake(addr, 1, ^uint32(0))
		case owner == uint32(t.TID) && waiters && !pi:
			t.FutexWake(addr, 1, ^uint32(0))
		}
	}
	p := make([]byte, 8)
	entry, pi := next&^1, next&1 != 0
	pendingPI := pending&1 != 0
	pending &^= 1
	for i := 0; entry != head && entry != 0 && i < robustListLimit; i++ {
		_, err := t.MM.CopyIn(entry, p)
		n := uintptr(binary.LittleEndian.Uint64(p))
		if entry != pending {
			handle(entry, pi, false)
		}
		if err != nil {
			break
		}
		entry, pi = n&^1, n&1 != 0
	}
	if pending != 0 {
		handle(pending, pendingPI, true)
	}
}

// RobustList returns set_robust_list's head.
func (t *Task) RobustList() uintptr { t.mu.Lock(); defer t.mu.Unlock(); return t.robustList }

// FDsShared reports whether another thread uses t's descriptor table (a
// thread cloned with CLONE_FILES).
func (t *Task) FDsShared() bool {
	k := t.K
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, th := range t.leader.threads {
		if th != t && th.FDs == t.FDs {
			return true
		}
	}
	return false
}
