package kernel

import (
	"encoding/binary"

	"golang.org/x/sys/unix"
)

// Job control: a stop signal's default action stops every thread of the
// process (they stay out of app code) until SIGCONT; the parent is told with
// SIGCHLD (CLD_STOPPED, CLD_CONTINUED) unless it set SA_NOCLDSTOP, and wait
// reports the change once under WUNTRACED or WCONTINUED.

const (
	reportNone = iota
	reportStopped
	reportContinued
	saNocldstop = 1
)

func isStopSignal(sig unix.Signal) bool {
	switch sig {
	case unix.SIGSTOP, unix.SIGTSTP, unix.SIGTTIN, unix.SIGTTOU:
		return true
	}
	return false
}

// groupStop stops t's process with sig (the default action of a stop signal).
func (t *Task) groupStop(sig unix.Signal) {
	k := t.K
	k.mu.Lock()
	l := t.leader
	if l.groupExit || l.stopped {
		k.mu.Unlock()
		return
	}
	l.stopped, l.stopSig, l.stopCh, l.report = true, sig, make(chan struct{}), reportStopped
	var threads []*Task
	for _, th := range l.threads {
		threads = append(threads, th)
	}
	parent := l.parent
	k.childEventLocked()
	k.mu.Unlock()
	for _, th := range threads {
		if th != t {
			th.Interrupt()
		}
	}
	l.tellParent(parent, CLDStopped, int32(sig))
}

// CLD codes for stops and continues.
const (
	CLDStopped   = 5
	CLDContinued = 6
)

// tellParent sends SIGCHLD for a stop or continue, unless SA_NOCLDSTOP.
func (l *Task) tellParent(parent *Task, code, status int32) {
	if parent == nil {
		return
	}
	parent.mu.Lock()
	flags := binary.LittleEndian.Uint64(parent.sigActions[unix.SIGCHLD][8:])
	parent.mu.Unlock()
	if flags&saNocldstop != 0 {
		return
	}
	si := NewSigInfo(unix.SIGCHLD, code)
	si.SetPidUid(l.TGID, l.Creds.UID)
	si.SetInt32(24, status)
	parent.SignalTarget(unix.SIGCHLD).SendSignal(si)
}

// groupContinue resumes t's stopped process (SIGCONT, or SIGKILL so it can
// die) and drops pending stop signals.
func (t *Task) groupContinue(report bool) {
	k := t.K
	k.mu.Lock()
	l := t.leader
	var threads []*Task
	for _, th := range l.threads {
		threads = append(threads, th)
	}
	wasStopped := l.stopped
	if wasStopped {
		l.stopped = false
		close(l.stopCh)
		if report {
			l.report = reportContinued
		}
		k.childEventLocked()
	}
	parent := l.parent
	k.mu.Unlock()
	for _, th := range threads {
		th.mu.Lock()
		for _, s := range []unix.Signal{unix.SIGSTOP, unix.SIGTSTP, unix.SIGTTIN, unix.SIGTTOU} {
			delete(th.pending, s)
			th.pendingMask &^= sigBit(s)
		}
		th.mu.Unlock()
	}
	if wasStopped && report {
		l.tellParent(parent, CLDContinued, int32(unix.SIGCONT))
	}
}

// dropPendingCont drops a pending SIGCONT from t's threads (a new stop).
func (t *Task) dropPendingCont() {
	k := t.K
	k.mu.Lock()
	var threads []*Task
	for _, th := range t.leader.threads {
		threads = append(threads, th)
	}
	k.mu.Unlock()
	for _, th := range threads {
		th.mu.Lock()
		delete(th.pending, unix.SIGCONT)
		th.pendingMask &^= sigBit(unix.SIGCONT)
		th.mu.Unlock()
	}
}

// waitWhileStopped keeps the thread out of app code while its process is
// stopped; only SIGCONT (or SIGKILL, or the group's exit) ends the wait.
func (t *Task) waitWhileStopped() {
	for {
		k := t.K
		k.mu.Lock()
		l := t.leader
		stopped, ch := l.stopped, l.stopCh
		k.mu.Unlock()
		if !stopped || t.Exiting() {
			return
		}
		t.waitKillable(ch)
	}
}

// takeReport returns and clears a pending stop/continue report of child c
// that options ask for (Kernel.mu held): its wait status, or 0.
func (c *Task) takeReportLocked(untraced, continued bool) unix.WaitStatus {
	switch {
	case untraced && c.report == reportStopped:
		c.report = reportNone
		return unix.WaitStatus(0x7f | int(c.stopSig)<<8)
	case continued && c.report == reportContinued:
		c.report = reportNone
		return unix.WaitStatus(0xffff)
	}
	return 0
}
