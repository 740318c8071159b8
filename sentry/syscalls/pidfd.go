package syscalls

import (
	"encoding/binary"

	"golang.org/x/sys/unix"

	"husk/sentry/fs/pidfd"
	"husk/sentry/kernel"
)

func init() {
	reg("pidfd_open", Supported, "", sysPidfdOpen)
	reg("pidfd_send_signal", Partial, "flags must be 0 (no PIDFD_SIGNAL_* scopes); no permission checks between sandbox users", sysPidfdSendSignal)
	reg("pidfd_getfd", Partial, "same real uid or CAP_SYS_PTRACE, as ptrace attach; no LSM checks", sysPidfdGetfd)
}

const capSysPtrace = 19

// newPidfd installs a pidfd for process proc (always close-on-exec).
func newPidfd(t *kernel.Task, proc *kernel.Task, flags int) (uintptr, error) {
	return installNew(t, pidfd.New(proc), unix.O_RDWR|flags&unix.O_NONBLOCK, true)
}

func sysPidfdOpen(t *kernel.Task, a Args) (uintptr, error) {
	pid, flags := int32(a[0]), int(a[1])
	if flags&^unix.O_NONBLOCK != 0 || pid <= 0 {
		return 0, unix.EINVAL
	}
	proc, err := t.K.ProcessByPID(pid)
	if err != nil {
		return 0, err
	}
	return newPidfd(t, proc, flags)
}

// pidfdOf returns the pidfd at fd. Errors: EBADF (not a pidfd).
func pidfdOf(t *kernel.Task, fd uintptr) (*pidfd.PidFD, error) {
	f, err := getFile(t, fd)
	if err != nil {
		return nil, err
	}
	defer f.DecRef()
	p, ok := f.Impl.(*pidfd.PidFD)
	if !ok {
		return nil, unix.EBADF
	}
	return p, nil
}

func sysPidfdSendSignal(t *kernel.Task, a Args) (uintptr, error) {
	sig := int(a[1])
	p, err := pidfdOf(t, a[0])
	if err != nil {
		return 0, err
	}
	if a[3] != 0 || sig < 0 || sig > 64 {
		return 0, unix.EINVAL
	}
	proc := p.Process()
	if proc.Reaped() {
		return 0, unix.ESRCH
	}
	if a[2] != 0 {
		b := make([]byte, 4)
		if _, err := t.MM.CopyIn(a[2], b); err != nil {
			return 0, unix.EFAULT
		}
		if int(binary.LittleEndian.Uint32(b)) != sig {
			return 0, unix.EINVAL
		}
	}
	if proc.Zombie() {
		return 0, nil // the pid is still there; the signal goes nowhere
	}
	to := proc.SignalTarget(unix.Signal(sig))
	if a[2] != 0 {
		return queueInfo(t, to, sig, a[2])
	}
	return signalTask(t, to, sig, kernel.SIUser)
}

func sysPidfdGetfd(t *kernel.Task, a Args) (uintptr, error) {
	p, err := pidfdOf(t, a[0])
	if err != nil {
		return 0, err
	}
	if a[2] != 0 {
		return 0, unix.EINVAL
	}
	proc := p.Process()
	select {
	case <-proc.GroupDone():
		return 0, unix.ESRCH
	default:
	}
	c, o := &t.Creds, &proc.Creds
	sameUser := c.UID == o.UID && c.UID == o.EUID && c.UID == o.SUID && c.GID == o.GID && c.GID == o.EGID && c.GID == o.SGID
	if !sameUser && !c.HasCap(capSysPtrace) {
		return 0, unix.EPERM
	}
	f, err := proc.FDs.Get(fdArg(a[1]))
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	fd, err := t.FDs.Install(f, 0, true)
	return uintptr(fd), err
}

// waitidPidfd resolves waitid's P_PIDFD id to the pid it names and whether
// the wait must not block (PIDFD_NONBLOCK). Errors: EBADF.
func waitidPidfd(t *kernel.Task, fd int32) (int32, bool, error) {
	p, err := pidfdOf(t, uintptr(uint32(fd)))
	if err != nil {
		return 0, false, err
	}
	return p.Process().TGID, p.Nonblock(), nil
}

// clonePidfd runs clone (a, without CLONE_PIDFD) and stores a pidfd for the
// child at addr. Errors: those of clone, EFAULT (addr, checked first).
func clonePidfd(t *kernel.Task, a Args, addr uintptr) (uintptr, error) {
	if err := t.MM.CheckRange(addr, 4, true); err != nil {
		return 0, err
	}
	a[0] &^= unix.CLONE_PIDFD
	tid, err := sysClone(t, a)
	if err != nil {
		return 0, err
	}
	proc, err := t.K.ProcessByPID(int32(tid))
	if err != nil {
		return tid, nil // reaped already (cannot happen: only we may wait)
	}
	fd, err := newPidfd(t, proc, 0)
	if err != nil {
		return tid, nil
	}
	t.MM.CopyOut(addr, binary.LittleEndian.AppendUint32(nil, uint32(fd)))
	return tid, nil
}

// pidfdNonblockWait marks, inside waitid's options, a wait made nonblocking
// by a PIDFD_NONBLOCK pidfd (above every WEXITED-style bit).
const pidfdNonblockWait = 1 << 40
