package syscalls

import (
	"encoding/binary"

	"golang.org/x/sys/unix"

	"husk/sentry/errno"
	"husk/sentry/kernel"
)

func init() {
	reg("rt_sigaction", Supported, "", sysRtSigaction)
	reg("rt_sigreturn", Supported, "restores the full XSAVE state from the frame, validated as XRSTOR would (SIGSEGV otherwise)", sysRtSigreturn)
	reg("rt_sigpending", Supported, "", sysRtSigpending)
	reg("rt_sigsuspend", Supported, "", sysRtSigsuspend)
	reg("pause", Supported, "", sysPause)
	reg("rt_sigprocmask", Supported, "", sysRtSigprocmask)
	reg("sigaltstack", Supported, "SS_AUTODISARM included; rt_sigreturn restores the stack from uc_stack", sysSigaltstack)
	reg("kill", Supported, "", sysKill)
	reg("tgkill", Supported, "", sysTgkill)
	reg("tkill", Supported, "", sysTkill)
}

func sysRtSigaction(t *kernel.Task, a Args) (uintptr, error) {
	sig := int(a[0])
	if a[3] != 8 || sig < 1 || sig > 64 {
		return 0, unix.EINVAL
	}
	var nb *[32]byte
	if a[1] != 0 {
		if sig == int(unix.SIGKILL) || sig == int(unix.SIGSTOP) {
			return 0, unix.EINVAL
		}
		var b [32]byte
		if _, err := t.MM.CopyIn(a[1], b[:]); err != nil {
			return 0, unix.EFAULT
		}
		nb = &b
	}
	if a[2] != 0 {
		if err := t.MM.CheckRange(a[2], 32, true); err != nil {
			return 0, err
		}
	}
	old := t.SigAction(sig, nb)
	if a[2] != 0 {
		if _, err := t.MM.CopyOut(a[2], old[:]); err != nil {
			return 0, unix.EFAULT
		}
	}
	return 0, nil
}

func sysRtSigprocmask(t *kernel.Task, a Args) (uintptr, error) {
	if a[3] != 8 {
		return 0, unix.EINVAL
	}
	old := t.SigMask()
	if a[1] != 0 {
		b := make([]byte, 8)
		if _, err := t.MM.CopyIn(a[1], b); err != nil {
			return 0, unix.EFAULT
		}
		set := binary.LittleEndian.Uint64(b)
		switch a[0] {
		case unix.SIG_BLOCK:
			t.SetSigMask(old | set)
		case unix.SIG_UNBLOCK:
			t.SetSigMask(old &^ set)
		case unix.SIG_SETMASK:
			t.SetSigMask(set)
		default:
			return 0, unix.EINVAL
		}
	}
	if a[2] != 0 {
		if _, err := t.MM.CopyOut(a[2], binary.LittleEndian.AppendUint64(nil, old)); err != nil {
			return 0, unix.EFAULT
		}
	}
	return 0, nil
}

func sysSigaltstack(t *kernel.Task, a Args) (uintptr, error) {
	var nb *[24]byte
	if a[0] != 0 {
		var b [24]byte
		if _, err := t.MM.CopyIn(a[0], b[:]); err != nil {
			return 0, unix.EFAULT
		}
		nb = &b
	}
	old, err := t.SigAltStack(nb)
	if err != nil {
		return 0, err
	}
	if a[1] != 0 {
		if _, err := t.MM.CopyOut(a[1], old[:]); err != nil {
			return 0, unix.EFAULT
		}
	}
	return 0, nil
}

// selfSignal sends sig to the calling task (kill, tgkill, tkill to itself;
// SIGPIPE; seccomp's SIGSYS): it is delivered before the task runs again.
func selfSignal(t *kernel.Task, sig int) (uintptr, error) {
	return signalTask(t, t, sig, kernel.SITkill)
}

func signalTask(from, to *kernel.Task, sig int, code int32) (uintptr, error) {
	if sig < 0 || sig > 64 {
		return 0, unix.EINVAL
	}
	if !from.MaySignal(to, unix.Signal(sig)) {
		return 0, unix.EPERM
	}
	if sig == 0 {
		return 0, nil
	}
	si := kernel.NewSigInfo(unix.Signal(sig), code)
	si.SetPidUid(from.TGID, from.Creds.UID)
	if to == from {
		to.QueueSignal(si)
	} else {
		to.SendSignal(si)
	}
	return 0, nil
}

func sysKill(t *kernel.Task, a Args) (uintptr, error) {
	pid := int32(a[0])
	sig := int(a[1])
	if sig < 0 || sig > 64 {
		return 0, unix.EINVAL
	}
	if pid <= 0 {
		pgid := -pid
		if pid == 0 {
			pgid = t.Pgid()
		}
		if pid == -1<<31 {
			return 0, unix.ESRCH
		}
		members := t.GroupMembers(pgid)
		if pid == -1 {
			members = t.GroupMembers(-1)
		}
		if len(members) == 0 {
			return 0, unix.ESRCH
		}
		// Success if any member took it, else the last error (EPERM).
		var last error
		sent := false
		for _, m := range members {
			if _, err := signalTask(t, m.SignalTarget(unix.Signal(sig)), sig, kernel.SIUser); err != nil {
				last = err
			} else {
				sent = true
			}
		}
		if sent {
			return 0, nil
		}
		return 0, last
	}
	to := t.K.TaskByPID(pid)
	if to == nil {
		if t.K.IsZombie(pid) {
			return 0, nil // a zombie takes signals and ignores them
		}
		return 0, unix.ESRCH
	}
	return signalTask(t, to.SignalTarget(unix.Signal(sig)), sig, kernel.SIUser)
}

func sysTgkill(t *kernel.Task, a Args) (uintptr, error) {
	if int32(a[0]) <= 0 || int32(a[1]) <= 0 {
		return 0, unix.EINVAL
	}
	to := t.K.TaskByTID(int32(a[1]))
	if to == nil || to.TGID != int32(a[0]) {
		return 0, unix.ESRCH
	}
	return signalTask(t, to, int(a[2]), kernel.SITkill)
}

func sysTkill(t *kernel.Task, a Args) (uintptr, error) {
	if int32(a[0]) <= 0 {
		return 0, unix.EINVAL
	}
	to := t.K.TaskByTID(int32(a[0]))
	if to == nil {
		return 0, unix.ESRCH
	}
	return signalTask(t, to, int(a[1]), kernel.SITkill)
}

func sysRtSigreturn(t *kernel.Task, _ Args) (uintptr, error) { return t.SigReturn() }

func sysRtSigpending(t *kernel.Task, a Args) (uintptr, error) {
	if a[1] > 8 {
		return 0, unix.EINVAL
	}
	p := t.Pending() & t.SigMask()
	if _, err := t.MM.CopyOut(a[0], binary.LittleEndian.AppendUint64(nil, p)[:a[1]]); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func sysRtSigsuspend(t *kernel.Task, a Args) (uintptr, error) {
	if a[1] != 8 {
		return 0, unix.EINVAL
	}
	b := make([]byte, 8)
	if _, err := t.MM.CopyIn(a[0], b); err != nil {
		return 0, unix.EFAULT
	}
	return 0, t.SigSuspend(binary.LittleEndian.Uint64(b))
}

func sysPause(t *kernel.Task, _ Args) (uintptr, error) {
	for t.Block(nil, nil) == nil {
	}
	return 0, errno.ERESTARTNOHAND
}

func init() {
	reg("rt_sigtimedwait", Supported, "", sysRtSigtimedwait)
	reg("rt_sigqueueinfo", Supported, "", sysRtSigqueueinfo)
	reg("rt_tgsigqueueinfo", Supported, "", sysRtTgsigqueueinfo)
}

func sysRtSigtimedwait(t *kernel.Task, a Args) (uintptr, error) {
	if a[3] != 8 {
		return 0, unix.EINVAL
	}
	b := make([]byte, 8)
	if _, err := t.MM.CopyIn(a[0], b); err != nil {
		return 0, unix.EFAULT
	}
	deadline, err := tsDeadline(t, a[2])
	if err != nil {
		return 0, err
	}
	info, err := t.SigTimedWait(binary.LittleEndian.Uint64(b), deadline)
	if err != nil {
		return 0, err
	}
	if a[1] != 0 {
		if _, err := t.MM.CopyOut(a[1], info[:]); err != nil {
			return 0, unix.EFAULT
		}
	}
	return uintptr(binary.LittleEndian.Uint32(info[0:])), nil
}

// queueInfo sends sig with the app's siginfo at addr to to.
func queueInfo(t, to *kernel.Task, sig int, addr uintptr) (uintptr, error) {
	if sig < 0 || sig > 64 {
		return 0, unix.EINVAL
	}
	var info kernel.SigInfo
	if _, err := t.MM.CopyIn(addr, info[:]); err != nil {
		return 0, unix.EFAULT
	}
	binary.LittleEndian.PutUint32(info[0:], uint32(sig))
	// Only the kernel may claim a non-negative si_code (or SI_TKILL) for
	// another process.
	if code := int32(binary.LittleEndian.Uint32(info[8:])); to.TGID != t.TGID && (code >= 0 || code == kernel.SITkill) {
		return 0, unix.EPERM
	}
	if !t.MaySignal(to, unix.Signal(sig)) {
		return 0, unix.EPERM
	}
	if sig == 0 {
		return 0, nil
	}
	if to == t {
		to.QueueSignal(&info)
	} else {
		to.SendSignal(&info)
	}
	return 0, nil
}

func sysRtSigqueueinfo(t *kernel.Task, a Args) (uintptr, error) {
	to := t.K.TaskByPID(int32(a[0]))
	if to == nil {
		return 0, unix.ESRCH
	}
	return queueInfo(t, to.SignalTarget(unix.Signal(a[1])), int(a[1]), a[2])
}

func sysRtTgsigqueueinfo(t *kernel.Task, a Args) (uintptr, error) {
	if int32(a[0]) <= 0 || int32(a[1]) <= 0 {
		return 0, unix.EINVAL
	}
	to := t.K.TaskByTID(int32(a[1]))
	if to == nil || to.TGID != int32(a[0]) {
		return 0, unix.ESRCH
	}
	return queueInfo(t, to, int(a[2]), a[3])
}
