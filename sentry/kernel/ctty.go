package kernel

import (
	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

// Controlling terminals: each process may have one (kept on its leader,
// guarded by Kernel.mu), inherited across fork and dropped by setsid. The
// terminal itself (sentry/fs/tty) keeps its session and foreground group and
// takes its own lock before Kernel.mu; the kernel never calls a Terminal
// while holding a lock.

// Terminal is a terminal that can be a process's controlling terminal.
type Terminal interface {
	// SessionLeaderExited is called, with no kernel lock held, when leader
	// (a session leader whose controlling terminal this is) exits.
	SessionLeaderExited(leader *Task)
}

// OpenHook is implemented by files whose open depends on the opener: the
// kernel calls Opened after Inode.Open and installs the file it returns
// (the receiver itself or another). On error Opened has released the
// receiver. (/dev/tty is the caller's controlling terminal; a session
// leader's open of a terminal may make it the controlling one.)
type OpenHook interface {
	Opened(t *Task, flags int) (vfs.FileImpl, error)
}

// ControllingTerminal returns the process's controlling terminal, or nil.
func (t *Task) ControllingTerminal() Terminal {
	t.K.mu.Lock()
	defer t.K.mu.Unlock()
	return t.leader.ctty
}

// SetControllingTerminal makes tt (nil: none) the process's controlling terminal.
func (t *Task) SetControllingTerminal(tt Terminal) {
	t.K.mu.Lock()
	t.leader.ctty = tt
	t.K.mu.Unlock()
}

// IsSessionLeader reports whether the process leads its session.
func (t *Task) IsSessionLeader() bool {
	t.K.mu.Lock()
	defer t.K.mu.Unlock()
	return t.sid == t.TGID
}

// ClearControllingTerminal takes tt away from every process of session sid
// that has it as its controlling terminal.
func (k *Kernel) ClearControllingTerminal(sid int32, tt Terminal) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, o := range k.tasks {
		if o.leader == o && o.sid == sid && o.ctty == tt {
			o.ctty = nil
		}
	}
}

// SignalProcessGroup sends sig from the kernel (SI_KERNEL) to every live
// process of group pgid.
func (k *Kernel) SignalProcessGroup(pgid int32, sig unix.Signal) {
	if pgid <= 0 {
		return
	}
	k.mu.Lock()
	var members []*Task
	for _, o := range k.tasks {
		if !o.zombie && o.TGID == o.TID && o.pgid == pgid {
			members = append(members, o)
		}
	}
	k.mu.Unlock()
	for _, m := range members {
		m.SignalTarget(sig).SendSignal(NewSigInfo(sig, SIKernel))
	}
}

// SignalProcess sends sig from the kernel to process pid, if it lives.
func (k *Kernel) SignalProcess(pid int32, sig unix.Signal) {
	if p := k.TaskByPID(pid); p != nil {
		p.SignalTarget(sig).SendSignal(NewSigInfo(sig, SIKernel))
	}
}

// GroupSession returns the session of process group pgid as TIOCSPGRP finds
// it: that of a live member of the group, else that of the process whose
// pid is pgid. ok is false when neither exists (ESRCH).
func (k *Kernel) GroupSession(pgid int32) (sid int32, ok bool) {
	if pgid <= 0 {
		return 0, false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, o := range k.tasks {
		if !o.zombie && o.pgid == pgid {
			return o.sid, true
		}
	}
	if o := k.tasks[pgid]; o != nil && !o.zombie {
		return o.sid, true
	}
	return 0, false
}

// IgnoresOrBlocks reports whether the calling thread blocks sig or its
// process ignores it (job control's is_ignored).
func (t *Task) IgnoresOrBlocks(sig unix.Signal) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	h, _, _, _ := t.handlerOf(sig)
	return (t.sigMask|t.realBlocked)&sigBit(sig) != 0 || h == 1
}

// PgrpOrphaned reports whether the caller's process group is orphaned: no
// member has a parent in another group of the same session (a parent that
// is the sandbox's init does not count).
func (t *Task) PgrpOrphaned() bool {
	k := t.K
	k.mu.Lock()
	defer k.mu.Unlock()
	pgid := t.pgid
	for _, o := range k.tasks {
		if o.zombie || o.TGID != o.TID || o.pgid != pgid {
			continue
		}
		p := o.parent
		if p == nil || p.TGID == 1 {
			continue
		}
		if p.pgid != pgid && p.sid == o.sid {
			return false
		}
	}
	return true
}

// sessionLeaderExit tells the controlling terminal of l, a session leader,
// that it exited.
func (l *Task) sessionLeaderExit() {
	k := l.K
	k.mu.Lock()
	tt := l.ctty
	leads := l.sid == l.TGID
	l.ctty = nil
	k.mu.Unlock()
	if tt != nil && leads {
		tt.SessionLeaderExited(l)
	}
}

// CopyIn and CopyOut (through the task's mm) make a task the target of an
// ioctl, so that a terminal's ioctls know their caller (vfs.IoctlTarget).
func (t *Task) CopyIn(addr uintptr, dst []byte) (int, error)  { return t.MM.CopyIn(addr, dst) }
func (t *Task) CopyOut(addr uintptr, src []byte) (int, error) { return t.MM.CopyOut(addr, src) }
