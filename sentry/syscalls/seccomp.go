package syscalls

import (
	"encoding/binary"

	"golang.org/x/sys/unix"
	"gvisor.dev/gvisor/pkg/abi/linux"

	"husk/sentry/kernel"
)

func init() {
	reg("seccomp", Partial, "STRICT and FILTER (classic BPF, every action; TSYNC); NEW_LISTENER: ENOSYS; TRAP kills with SIGSYS until handlers run", sysSeccomp)
	reg("prctl", Partial, "NAME, NO_NEW_PRIVS, SECCOMP, PDEATHSIG, DUMPABLE, CHILD_SUBREAPER (orphans are reparented to it); others EINVAL", sysPrctl)
}

const (
	seccompSetModeStrict   = 0
	seccompSetModeFilter   = 1
	seccompGetActionAvail  = 2
	seccompGetNotifSizes   = 3
	seccompFlagTsync       = 1
	seccompFlagLog         = 2
	seccompFlagSpecAllow   = 4
	seccompFlagNewListener = 8
	seccompFlagTsyncEsrch  = 16
	seccompFlagWaitKill    = 32
)

func sysSeccomp(t *kernel.Task, a Args) (uintptr, error) {
	return doSeccomp(t, a[0], a[1], a[2])
}

func doSeccomp(t *kernel.Task, op, flags, uargs uintptr) (uintptr, error) {
	switch op {
	case seccompSetModeStrict:
		if flags != 0 || uargs != 0 {
			return 0, unix.EINVAL
		}
		return 0, t.SetSeccompStrict()
	case seccompSetModeFilter:
		known := uintptr(seccompFlagTsync | seccompFlagLog | seccompFlagSpecAllow | seccompFlagNewListener | seccompFlagTsyncEsrch | seccompFlagWaitKill)
		if flags&^known != 0 {
			return 0, unix.EINVAL
		}
		if flags&seccompFlagNewListener != 0 {
			// User notification needs a listener fd the sentry does not serve yet.
			return 0, unix.ENOSYS
		}
		// struct sock_fprog { unsigned short len; struct sock_filter *filter; }
		b := make([]byte, 16)
		if _, err := t.MM.CopyIn(uargs, b); err != nil {
			return 0, unix.EFAULT
		}
		n := int(binary.LittleEndian.Uint16(b))
		ptr := uintptr(binary.LittleEndian.Uint64(b[8:]))
		if n == 0 || n > 4096 {
			return 0, unix.EINVAL
		}
		raw := make([]byte, n*8)
		if _, err := t.MM.CopyIn(ptr, raw); err != nil {
			return 0, unix.EFAULT
		}
		insns := make([]linux.BPFInstruction, n)
		for i := range insns {
			insns[i] = linux.BPFInstruction{
				OpCode:      binary.LittleEndian.Uint16(raw[i*8:]),
				JumpIfTrue:  raw[i*8+2],
				JumpIfFalse: raw[i*8+3],
				K:           binary.LittleEndian.Uint32(raw[i*8+4:]),
			}
		}
		prog, err := kernel.CheckSeccompFilter(insns)
		if err != nil {
			return 0, err
		}
		return 0, t.AddSeccompFilter(prog, n)
	case seccompGetActionAvail:
		if flags != 0 {
			return 0, unix.EINVAL
		}
		b := make([]byte, 4)
		if _, err := t.MM.CopyIn(uargs, b); err != nil {
			return 0, unix.EFAULT
		}
		switch binary.LittleEndian.Uint32(b) {
		case kernel.SeccompRetKillProcess, kernel.SeccompRetKillThread, kernel.SeccompRetTrap, kernel.SeccompRetErrno,
			kernel.SeccompRetTrace, kernel.SeccompRetLog, kernel.SeccompRetAllow:
			return 0, nil
		}
		return 0, unix.EOPNOTSUPP
	case seccompGetNotifSizes:
		return 0, unix.ENOSYS
	}
	return 0, unix.EINVAL
}

func sysPrctl(t *kernel.Task, a Args) (uintptr, error) {
	switch a[0] {
	case unix.PR_SET_NAME:
		s, err := t.MM.CopyInString(a[1], 4096)
		if err != nil && err != unix.ENAMETOOLONG {
			return 0, unix.EFAULT
		}
		t.SetName(s)
		return 0, nil
	case unix.PR_GET_NAME:
		n := t.Name()
		if _, err := t.MM.CopyOut(a[1], n[:]); err != nil {
			return 0, unix.EFAULT
		}
		return 0, nil
	case unix.PR_SET_NO_NEW_PRIVS:
		if a[1] != 1 || a[2] != 0 || a[3] != 0 || a[4] != 0 {
			return 0, unix.EINVAL
		}
		t.SetNoNewPrivs()
		return 0, nil
	case unix.PR_GET_NO_NEW_PRIVS:
		if a[1] != 0 || a[2] != 0 || a[3] != 0 || a[4] != 0 {
			return 0, unix.EINVAL
		}
		if t.NoNewPrivs() {
			return 1, nil
		}
		return 0, nil
	case unix.PR_GET_SECCOMP:
		return uintptr(t.SeccompMode()), nil
	case unix.PR_SET_SECCOMP:
		switch a[1] {
		case 1: // SECCOMP_MODE_STRICT
			return doSeccomp(t, seccompSetModeStrict, 0, 0)
		case 2: // SECCOMP_MODE_FILTER
			return doSeccomp(t, seccompSetModeFilter, 0, a[2])
		}
		return 0, unix.EINVAL
	case unix.PR_SET_PDEATHSIG:
		if a[1] > 64 {
			return 0, unix.EINVAL
		}
		t.SetPdeathsig(int(a[1]))
		return 0, nil
	case unix.PR_GET_PDEATHSIG:
		if _, err := t.MM.CopyOut(a[1], binary.LittleEndian.AppendUint32(nil, uint32(t.Pdeathsig()))); err != nil {
			return 0, unix.EFAULT
		}
		return 0, nil
	case unix.PR_GET_DUMPABLE:
		return 1, nil
	case unix.PR_SET_DUMPABLE:
		if a[1] > 1 {
			return 0, unix.EINVAL
		}
		return 0, nil
	case unix.PR_SET_CHILD_SUBREAPER:
		t.SetSubreaper(a[1] != 0)
		return 0, nil
	case unix.PR_GET_CHILD_SUBREAPER:
		v := uint32(0)
		if t.Subreaper() {
			v = 1
		}
		if _, err := t.MM.CopyOut(a[1], binary.LittleEndian.AppendUint32(nil, v)); err != nil {
			return 0, unix.EFAULT
		}
		return 0, nil
	}
	return 0, unix.EINVAL
}
