package kernel

import (
	"encoding/binary"
	"time"

	"husk/sentry/arch"
	"husk/sentry/errno"

	"go.uber.org/zap"
	"golang.org/x/sys/unix"
)

// Signals: generation (SendSignal), delivery before the task next runs app
// code (deliverSignals: default actions, or a handler frame on the app's
// stack as Linux's x86-64 rt_sigframe), and rt_sigreturn (SigReturn).
// Blocking sentry waits (pipes, futexes, wait4, sleeps) are not yet
// interrupted by a signal: it is delivered when the call returns.

// sigaction flags.
const (
	saNocldwait = 0x2
	saSiginfo   = 0x4
	saOnstack   = 0x08000000
	saRestart   = 0x10000000
	saNodefer   = 0x40000000
	saResethand = 0x80000000
	saRestorer  = 0x04000000
)

// si_code values.
const (
	SIUser    = 0
	SIKernel  = 0x80
	SITkill   = -6
	CLDExited = 1
	CLDKilled = 2
	CLDDumped = 3
)

// SigInfo is a signal's siginfo_t, as the 128 bytes the app sees.
type SigInfo [128]byte

// NewSigInfo makes a siginfo with signo and code; the union is zero.
func NewSigInfo(sig unix.Signal, code int32) *SigInfo {
	var si SigInfo
	binary.LittleEndian.PutUint32(si[0:], uint32(sig))
	binary.LittleEndian.PutUint32(si[8:], uint32(code))
	return &si
}

// SetPidUid fills si_pid and si_uid (kill, tkill, SIGCHLD).
func (si *SigInfo) SetPidUid(pid int32, uid uint32) {
	binary.LittleEndian.PutUint32(si[16:], uint32(pid))
	binary.LittleEndian.PutUint32(si[20:], uid)
}

// SetAddr fills si_addr (faults).
func (si *SigInfo) SetAddr(a uintptr) { binary.LittleEndian.PutUint64(si[16:], uint64(a)) }

// SetInt32 fills a 32-bit field of the union at off (e.g. si_status at 24).
func (si *SigInfo) SetInt32(off int, v int32) { binary.LittleEndian.PutUint32(si[off:], uint32(v)) }

func (si *SigInfo) signo() unix.Signal { return unix.Signal(binary.LittleEndian.Uint32(si[0:])) }

func sigBit(sig unix.Signal) uint64 { return 1 << (uint(sig) - 1) }

// defaultIgnored reports whether sig's default action is to ignore it.
func defaultIgnored(sig unix.Signal) bool {
	switch sig {
	case unix.SIGCHLD, unix.SIGURG, unix.SIGWINCH, unix.SIGCONT:
		return true
	}
	return false
}

func (t *Task) handlerOf(sig unix.Signal) (handler, flags, restorer, mask uint64) {
	a := t.sigActions[sig]
	le := binary.LittleEndian
	return le.Uint64(a[0:]), le.Uint64(a[8:]), le.Uint64(a[16:]), le.Uint64(a[24:])
}

// SendSignal makes sig pending for t and kicks t out of app code.
func (t *Task) SendSignal(info *SigInfo) {
	if t.QueueSignal(info) {
		t.Interrupt()
	}
}

// QueueSignal makes sig pending for t (use it for the calling task itself:
// it is delivered before the task returns to app code). An ignored,
// unblocked signal is dropped (false). SIGKILL cannot be caught.
func (t *Task) QueueSignal(info *SigInfo) bool {
	sig := info.signo()
	if sig < 1 || sig > 64 {
		return false
	}
	// SIGCONT resumes and SIGKILL wakes a stopped process when sent; a stop
	// signal cancels a pending SIGCONT.
	switch {
	case sig == unix.SIGCONT:
		t.groupContinue(true)
	case sig == unix.SIGKILL:
		t.groupContinue(false)
	case isStopSignal(sig):
		t.dropPendingCont()
	}
	t.mu.Lock()
	h, _, _, _ := t.handlerOf(sig)
	blocked := (t.sigMask|t.realBlocked)&sigBit(sig) != 0
	if sig != unix.SIGKILL && !blocked && (h == 1 || (h == 0 && defaultIgnored(sig))) {
		t.mu.Unlock()
		return false
	}
	if t.pending == nil {
		t.pending = make(map[unix.Signal][]*SigInfo)
	}
	switch q := t.pending[sig]; {
	case len(q) == 0:
		t.pending[sig] = []*SigInfo{info}
	case sig >= sigRTMin && len(q) < maxQueuedRT:
		// Real-time signals queue, each with its own siginfo.
		t.pending[sig] = append(q, info)
	case sig >= sigRTMin:
		t.mu.Unlock()
		return false // the queue is full: EAGAIN in Linux, dropped here
	}
	t.pendingMask |= sigBit(sig)
	t.mu.Unlock()
	t.notifySignalQueued()
	t.kick()
	return true
}

// ForceSignal delivers a synchronous signal (a fault): a blocked or ignored
// one takes its default action, as Linux's force_sig does.
func (t *Task) ForceSignal(info *SigInfo) {
	sig := info.signo()
	t.mu.Lock()
	h, _, _, _ := t.handlerOf(sig)
	if t.sigMask&sigBit(sig) != 0 || h == 1 {
		t.sigActions[sig] = [32]byte{}
		t.sigMask &^= sigBit(sig)
	}
	t.mu.Unlock()
	t.QueueSignal(info)
}

// Pending returns the pending set.
func (t *Task) Pending() uint64 { t.mu.Lock(); defer t.mu.Unlock(); return t.pendingMask }

// nextSignal takes the lowest pending unblocked signal (SIGKILL first).
func (t *Task) nextSignal() *SigInfo {
	t.mu.Lock()
	defer t.mu.Unlock()
	ready := t.pendingMask &^ (t.sigMask &^ (sigBit(unix.SIGKILL) | sigBit(unix.SIGSTOP)))
	if ready == 0 {
		return nil
	}
	sig := unix.SIGKILL
	if ready&sigBit(unix.SIGKILL) == 0 {
		for s := unix.Signal(1); s <= 64; s++ {
			if ready&sigBit(s) != 0 {
				sig = s
				break
			}
		}
	}
	return t.popLocked(sig)
}

// Real-time signals (SIGRTMIN..64) queue up to maxQueuedRT each.
const (
	sigRTMin    = 32
	maxQueuedRT = 1024
)

// popLocked takes the first pending instance of sig (t.mu held).
func (t *Task) popLocked(sig unix.Signal) *SigInfo {
	q := t.pending[sig]
	if len(q) == 0 {
		t.pendingMask &^= sigBit(sig)
		return nil
	}
	info := q[0]
	if len(q) == 1 {
		delete(t.pending, sig)
		t.pendingMask &^= sigBit(sig)
	} else {
		t.pending[sig] = q[1:]
	}
	return info
}

// SetRestart records that the syscall nr was interrupted with restart code
// code (an ERESTART* errno); deliverSignals decides its fate.
func (t *Task) SetRestart(nr uintptr, code errno.Errno) {
	t.restartNr, t.restartCode = int64(nr), int64(code)
}

// fixupRestart applies Linux's restart rules to an interrupted syscall:
// with a handler about to run (handled), ERESTARTSYS restarts only under
// SA_RESTART, ERESTARTNOINTR always, the others become EINTR; with no
// handler the call is restarted.
func (t *Task) fixupRestart(handled bool, flags uint64) {
	if t.restartNr < 0 {
		return
	}
	nr, code := t.restartNr, errno.Errno(t.restartCode)
	t.restartNr = -1
	restart := !handled
	if handled {
		switch code {
		case errno.ERESTARTSYS:
			restart = flags&saRestart != 0
		case errno.ERESTARTNOINTR:
			restart = true
		}
	}
	r := &t.State.Regs
	switch {
	case restart && code == errno.ERESTART_RESTARTBLOCK:
		// The call goes on through restart_syscall, which runs what it
		// left in SetRestartBlock (the time it had left, not all again).
		r.Rip -= 2
		r.Rax = unix.SYS_RESTART_SYSCALL
	case restart:
		r.Rip -= 2 // back onto the syscall instruction
		r.Rax = uint64(nr)
	default:
		r.Rax = ^uint64(unix.EINTR - 1) // -EINTR
		t.restartBlock = nil
	}
}

// SetRestartBlock records how to go on with a call that returns
// ERESTART_RESTARTBLOCK, should it be restarted (restart_syscall).
func (t *Task) SetRestartBlock(fn func() (uintptr, error)) { t.restartBlock = fn }

// RestartSyscall is restart_syscall: it runs (once) what the interrupted
// call left, or fails with EINTR when there is nothing to go on with.
func (t *Task) RestartSyscall() (uintptr, error) {
	fn := t.restartBlock
	t.restartBlock = nil
	if fn == nil {
		return 0, unix.EINTR
	}
	return fn()
}

// deliverSignals runs before the task returns to app code.
func (t *Task) deliverSignals() {
	defer t.fixupRestart(false, 0)
	for !t.Exiting() {
		info := t.nextSignal()
		if info == nil {
			t.restoreSavedMask()
			return
		}
		sig := info.signo()
		t.mu.Lock()
		h, flags, restorer, mask := t.handlerOf(sig)
		t.mu.Unlock()
		switch {
		case sig == unix.SIGKILL || sig == unix.SIGSTOP || h == 0:
			if defaultIgnored(sig) {
				continue
			}
			if isStopSignal(sig) {
				t.groupStop(sig)
				continue
			}
			t.FatalSignal(sig)
			return
		case h == 1:
			continue
		}
		t.fixupRestart(true, flags)
		if err := t.setupFrame(info, h, flags, restorer, mask); err != nil {
			// The frame does not fit (a bad stack): Linux kills with SIGSEGV.
			t.K.Log.Debug("signal frame failed", zap.Int32("tid", t.TID), zap.Error(err))
			t.FatalSignal(unix.SIGSEGV)
			return
		}
		return // one frame at a time; the rest wait for the next return to app code
	}
}

// Frame layout (x86-64 rt_sigframe): pretcode, ucontext, siginfo, then,
// 64-byte aligned above them, the FP state as XSAVE lays it out with the
// FP_XSTATE_MAGIC words (arch.SigframeFP); its size follows the CPU's
// XSAVE features, as on Linux.
const (
	ucOff        = 8
	ucStackOff   = ucOff + 16
	mcontextOff  = ucOff + 40
	ucSigmaskOff = mcontextOff + 256
	siginfoOff   = ucSigmaskOff + 8
	frameSize    = siginfoOff + 128
	redZone      = 128
	ssDisable    = 2
	ssOnstack    = 1
	ssAutodisarm = 1 << 31
	// fixEflags are the flags rt_sigreturn may restore (Linux's FIX_EFLAGS).
	fixEflags = 0x50DD5
)

func (t *Task) onAltStack(sp uint64) bool {
	le := binary.LittleEndian
	base, size := le.Uint64(t.altStack[0:]), le.Uint64(t.altStack[16:])
	return size != 0 && sp > base && sp-base <= size
}

func (t *Task) setupFrame(info *SigInfo, handler, flags, restorer, mask uint64) error {
	if flags&saRestorer == 0 {
		return unix.EFAULT // x86-64 needs a restorer (libc always sets one)
	}
	if err := t.ctx.SyncFP(t.State); err != nil {
		return err
	}
	r := &t.State.Regs
	le := binary.LittleEndian
	t.mu.Lock()
	alt := t.altStack
	oldMask := t.sigMask
	if t.savedMask != nil {
		// rt_sigsuspend: the handler's return restores the mask from before it.
		oldMask = *t.savedMask
		t.savedMask = nil
	}
	onAlt := t.onAltStack(r.Rsp)
	t.mu.Unlock()
	sp := r.Rsp - redZone
	altSize := le.Uint64(alt[16:])
	entering := flags&saOnstack != 0 && altSize != 0 && le.Uint32(alt[8:])&ssDisable == 0 && !onAlt
	if entering {
		sp = le.Uint64(alt[0:]) + altSize
	}
	fpFrame := arch.SigframeFP(t.State.FPBlob())
	sp -= uint64(len(fpFrame))
	sp &^= 63
	fpAddr := sp
	sp -= frameSize
	sp = (sp &^ 15) - 8
	if (onAlt || entering) && !(sp > le.Uint64(alt[0:]) && sp-le.Uint64(alt[0:]) <= altSize) {
		// The frame overflows the alternate stack: Linux gives up (SIGSEGV).
		return unix.ENOMEM
	}
	frame := make([]byte, frameSize)
	le.PutUint64(frame[0:], restorer)
	ucFlags := uint64(0x6) // UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS
	if arch.HasXSave() {
		ucFlags |= 0x1 // UC_FP_XSTATE
	}
	le.PutUint64(frame[ucOff:], ucFlags)
	copy(frame[ucStackOff:ucStackOff+24], alt[:]) // flags as set, as Linux saves them
	mc := frame[mcontextOff:]
	for i, v := range []uint64{r.R8, r.R9, r.R10, r.R11, r.R12, r.R13, r.R14, r.R15, r.Rdi, r.Rsi, r.Rbp, r.Rbx, r.Rdx, r.Rax, r.Rcx, r.Rsp, r.Rip, r.Eflags} {
		le.PutUint64(mc[8*i:], v)
	}
	le.PutUint16(mc[144:], uint16(r.Cs))
	le.PutUint16(mc[150:], uint16(r.Ss))
	// struct sigcontext: ..., err 152, trapno 160, oldmask 168, cr2 176, fpstate 184.
	if info.signo() == unix.SIGSEGV || info.signo() == unix.SIGBUS {
		le.PutUint64(mc[176:], le.Uint64(info[16:])) // cr2
	}
	le.PutUint64(mc[168:], oldMask) // oldmask
	le.PutUint64(mc[184:], fpAddr)
	le.PutUint64(frame[ucSigmaskOff:], oldMask)
	copy(frame[siginfoOff:], info[:])
	if _, err := t.MM.CopyOut(uintptr(fpAddr), fpFrame); err != nil {
		return err
	}
	if _, err := t.MM.CopyOut(uintptr(sp), frame); err != nil {
		return err
	}
	sig := info.signo()
	r.Rsp = sp
	r.Rip = handler
	r.Rdi = uint64(sig)
	r.Rsi = sp + siginfoOff
	r.Rdx = sp + ucOff
	r.Rax = 0
	r.Eflags &^= 0x400 | 0x100 | 0x40000 // DF, TF, AC
	r.Orig_rax = ^uint64(0)
	t.mu.Lock()
	newMask := t.sigMask | mask
	if flags&saNodefer == 0 {
		newMask |= sigBit(sig)
	}
	t.sigMask = newMask &^ (sigBit(unix.SIGKILL) | sigBit(unix.SIGSTOP))
	if flags&saResethand != 0 {
		t.sigActions[sig] = [32]byte{}
	}
	if le.Uint32(t.altStack[8:])&ssAutodisarm != 0 {
		// SS_AUTODISARM: the handler runs with no alternate stack;
		// rt_sigreturn puts back the one saved in the frame.
		t.altStack = [24]byte{}
		le.PutUint32(t.altStack[8:], ssDisable)
	}
	t.mu.Unlock()
	return nil
}

// SigAltStack is sigaltstack(2): it returns the alternate stack as
// ss_flags reports it (SS_DISABLE when there is none, SS_ONSTACK while
// running on it, SS_AUTODISARM if set) and, if nb is not nil, installs nb.
// Errors: EPERM (running on the alternate stack), EINVAL (flags), ENOMEM
// (smaller than MINSIGSTKSZ).
func (t *Task) SigAltStack(nb *[24]byte) ([24]byte, error) {
	le := binary.LittleEndian
	t.mu.Lock()
	defer t.mu.Unlock()
	onAlt := t.onAltStack(t.State.Regs.Rsp)
	old := t.altStack
	var flags uint32
	switch {
	case le.Uint64(old[16:]) == 0:
		flags = ssDisable
	case onAlt:
		flags = ssOnstack
	}
	le.PutUint32(old[8:], flags|le.Uint32(old[8:])&ssAutodisarm)
	if nb == nil {
		return old, nil
	}
	if onAlt {
		return old, unix.EPERM
	}
	nf := le.Uint32(nb[8:])
	switch nf &^ ssAutodisarm {
	case 0, ssOnstack:
		if le.Uint64(nb[16:]) < minSigStkSz {
			return old, unix.ENOMEM
		}
		t.altStack = *nb
		le.PutUint32(t.altStack[8:], nf) // as given: frames save it raw
	case ssDisable:
		t.altStack = [24]byte{}
		le.PutUint32(t.altStack[8:], ssDisable)
	default:
		return old, unix.EINVAL
	}
	return old, nil
}

// minSigStkSz is MINSIGSTKSZ, the smallest alternate stack sigaltstack takes.
const minSigStkSz = 2048

// SigReturn is rt_sigreturn: restore the registers, mask, FP state and
// alternate stack saved in the frame at the stack pointer, and return the
// restored rax (so the syscall's return leaves it unchanged).
func (t *Task) SigReturn() (uintptr, error) {
	r := &t.State.Regs
	uc := uintptr(r.Rsp) // the restorer's ret popped pretcode: rsp is &uc
	b := make([]byte, frameSize-ucOff)
	if _, err := t.MM.CopyIn(uc, b); err != nil {
		t.FatalSignal(unix.SIGSEGV)
		return 0, nil
	}
	le := binary.LittleEndian
	mc := b[mcontextOff-ucOff:]
	regs := make([]uint64, 18)
	for i := range regs {
		regs[i] = le.Uint64(mc[8*i:])
	}
	r.R8, r.R9, r.R10, r.R11, r.R12, r.R13, r.R14, r.R15 = regs[0], regs[1], regs[2], regs[3], regs[4], regs[5], regs[6], regs[7]
	r.Rdi, r.Rsi, r.Rbp, r.Rbx, r.Rdx, r.Rax, r.Rcx, r.Rsp, r.Rip = regs[8], regs[9], regs[10], regs[11], regs[12], regs[13], regs[14], regs[15], regs[16]
	r.Eflags = r.Eflags&^fixEflags | regs[17]&fixEflags
	r.Cs, r.Ss = 0x33, 0x2b
	r.Orig_rax = ^uint64(0)
	if fp := uintptr(le.Uint64(mc[184:])); fp == 0 {
		t.State.ResetFP() // no FP frame: Linux resets the FP state
	} else {
		st, err := arch.RestoreSigframeFP(func(off int, b []byte) error {
			_, err := t.MM.CopyIn(fp+uintptr(off), b)
			return err
		})
		if err != nil {
			// A frame XRSTOR would refuse, or one it cannot read: Linux
			// resets the FP state and kills with SIGSEGV.
			t.K.Log.Debug("rt_sigreturn: bad FP frame", zap.Int32("tid", t.TID), zap.Error(err))
			t.State.ResetFP()
			t.FatalSignal(unix.SIGSEGV)
			return 0, nil
		}
		t.State.SetFPBlob(st)
	}
	t.SetSigMask(le.Uint64(b[ucSigmaskOff-ucOff:]))
	// The frame's uc_stack becomes the alternate stack again, as Linux's
	// restore_altstack does (errors ignored: on the stack it stays).
	var ucStack [24]byte
	copy(ucStack[:], b[ucStackOff-ucOff:])
	t.SigAltStack(&ucStack)
	return uintptr(r.Rax), nil
}

// TaskByPID finds a live process by its pid (thread-group id).
func (k *Kernel) TaskByPID(pid int32) *Task {
	k.mu.Lock()
	defer k.mu.Unlock()
	t := k.tasks[pid]
	if t == nil || t.zombie || t.TGID != pid {
		return nil
	}
	return t
}

// CapKill is CAP_KILL.
const CapKill = 5

// MaySignal reports whether t may send sig to o, by kill(2)'s rule: o is
// in t's process, a real or effective uid of t is o's real or saved uid, t
// has CAP_KILL, or sig is SIGCONT within t's session.
func (t *Task) MaySignal(o *Task, sig unix.Signal) bool {
	if t.TGID == o.TGID {
		return true
	}
	tc, oc := &t.Creds, &o.Creds
	if tc.EUID == oc.SUID || tc.EUID == oc.UID || tc.UID == oc.SUID || tc.UID == oc.UID || tc.HasCap(CapKill) {
		return true
	}
	return sig == unix.SIGCONT && t.Sid() == o.Sid()
}

// IsZombie reports whether pid names a process that exited and is not yet
// reaped: it still exists for kill, which signals it to no effect.
func (k *Kernel) IsZombie(pid int32) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	t := k.tasks[pid]
	return t != nil && t.zombie && t.TGID == pid
}

// restoreSavedMask puts back a mask rt_sigsuspend replaced when no handler
// ran for the signal that ended it.
func (t *Task) restoreSavedMask() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.savedMask != nil {
		t.sigMask = *t.savedMask
		t.savedMask = nil
	}
}

// SigSuspend replaces the mask with mask and waits for a signal
// (rt_sigsuspend). It always returns ERESTARTNOHAND.
func (t *Task) SigSuspend(mask uint64) error {
	t.mu.Lock()
	old := t.sigMask
	t.savedMask = &old
	t.sigMask = mask &^ (sigBit(unix.SIGKILL) | sigBit(unix.SIGSTOP))
	t.mu.Unlock()
	for t.Block(nil, nil) == nil {
	}
	return errno.ERESTARTNOHAND
}

// SigTimedWait waits for a signal of set (rt_sigtimedwait): the set is
// unblocked while waiting, and a signal of it is taken off the pending set
// instead of being delivered. Errors: EAGAIN (timeout), EINTR (another
// signal), EINVAL.
func (t *Task) SigTimedWait(set uint64, deadline *time.Time) (*SigInfo, error) {
	set &^= sigBit(unix.SIGKILL) | sigBit(unix.SIGSTOP)
	t.mu.Lock()
	old := t.sigMask
	t.realBlocked = old // signals of set stay "blocked" for the ignore check
	t.sigMask &^= set
	t.mu.Unlock()
	defer func() {
		t.mu.Lock()
		t.sigMask, t.realBlocked = old, 0
		t.mu.Unlock()
	}()
	for {
		if info := t.takeSignal(set); info != nil {
			return info, nil
		}
		err := t.Block(nil, deadline)
		if info := t.takeSignal(set); info != nil {
			return info, nil
		}
		switch err {
		case unix.ETIMEDOUT:
			return nil, unix.EAGAIN
		case nil:
		default:
			return nil, unix.EINTR
		}
	}
}

// takeSignal dequeues the lowest pending signal of set, if any.
func (t *Task) takeSignal(set uint64) *SigInfo {
	t.mu.Lock()
	defer t.mu.Unlock()
	ready := t.pendingMask & set
	for s := unix.Signal(1); s <= 64 && ready != 0; s++ {
		if ready&sigBit(s) != 0 {
			return t.popLocked(s)
		}
	}
	return nil
}

// WithTempMask runs a wait (ppoll, pselect6, epoll_pwait) with the signal
// mask replaced by mask. If the wait was interrupted (EINTR), the old mask
// is restored only after the signal's handler ran under the temporary one,
// as Linux's saved_sigmask does; otherwise at once.
func (t *Task) WithTempMask(mask uint64, wait func() (uintptr, error)) (uintptr, error) {
	t.mu.Lock()
	old := t.sigMask
	t.savedMask = &old
	t.sigMask = mask &^ (sigBit(unix.SIGKILL) | sigBit(unix.SIGSTOP))
	t.mu.Unlock()
	r, err := wait()
	if err == unix.EINTR {
		return r, errno.ERESTARTNOHAND
	}
	t.mu.Lock()
	t.sigMask, t.savedMask = old, nil
	t.mu.Unlock()
	return r, err
}
