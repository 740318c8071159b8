package syscalls

import (
	"encoding/binary"

	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
)

func init() {
	reg("rt_sigaction", Partial, "actions are recorded; handlers are not run yet (signals take their default action)", sysRtSigaction)
	reg("rt_sigprocmask", Partial, "the mask is recorded; nothing is queued yet", sysRtSigprocmask)
	reg("sigaltstack", Partial, "recorded; used when handlers run", sysSigaltstack)
	reg("kill", Partial, "to itself only; default actions only", sysKill)
	reg("tgkill", Partial, "to itself only; default actions only", sysTgkill)
	reg("tkill", Partial, "to itself only; default actions only", sysTkill)
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
		flags := binary.LittleEndian.Uint32(b[8:])
		if flags&^(ssDisable|1<<31) != 0 {
			return 0, unix.EINVAL
		}
		if flags&ssDisable == 0 && binary.LittleEndian.Uint64(b[16:]) < 2048 {
			return 0, unix.ENOMEM
		}
		nb = &b
	}
	old := t.AltStack(nil)
	if a[1] != 0 {
		if binary.LittleEndian.Uint64(old[16:]) == 0 {
			binary.LittleEndian.PutUint32(old[8:], ssDisable)
		}
		if _, err := t.MM.CopyOut(a[1], old[:]); err != nil {
			return 0, unix.EFAULT
		}
	}
	if nb != nil {
		t.AltStack(nb)
	}
	return 0, nil
}

// selfSignal applies sig to the calling task: only default actions exist yet.
func selfSignal(t *kernel.Task, sig int) (uintptr, error) {
	if sig < 0 || sig > 64 {
		return 0, unix.EINVAL
	}
	if sig == 0 {
		return 0, nil
	}
	act := t.SigAction(sig, nil)
	handler := binary.LittleEndian.Uint64(act[:8])
	switch {
	case handler == 1: // SIG_IGN
		return 0, nil
	case handler != 0:
		// A handler would have to run: not there yet.
		return 0, unix.ENOSYS
	}
	switch unix.Signal(sig) {
	case unix.SIGCHLD, unix.SIGCONT, unix.SIGURG, unix.SIGWINCH:
		return 0, nil
	}
	if t.SigMask()&(1<<(sig-1)) != 0 {
		return 0, nil // stays pending (and is lost with the task)
	}
	t.FatalSignal(unix.Signal(sig))
	return 0, nil
}

func sysKill(t *kernel.Task, a Args) (uintptr, error) {
	pid := int32(a[0])
	if pid != t.TGID && pid != 0 && pid != -1 && pid != -t.TGID {
		return 0, unix.ESRCH
	}
	return selfSignal(t, int(a[1]))
}

func sysTgkill(t *kernel.Task, a Args) (uintptr, error) {
	if int32(a[0]) <= 0 || int32(a[1]) <= 0 {
		return 0, unix.EINVAL
	}
	if int32(a[0]) != t.TGID || int32(a[1]) != t.TID {
		return 0, unix.ESRCH
	}
	return selfSignal(t, int(a[2]))
}

func sysTkill(t *kernel.Task, a Args) (uintptr, error) {
	if int32(a[0]) <= 0 {
		return 0, unix.EINVAL
	}
	if int32(a[0]) != t.TID {
		return 0, unix.ESRCH
	}
	return selfSignal(t, int(a[1]))
}

const ssDisable = 2
