package syscalls

import (
	"encoding/binary"

	"golang.org/x/sys/unix"

	"husk/sentry/fs/signalfd"
	"husk/sentry/kernel"
)

func init() {
	const note = "reads take the reading thread's signals, then its process's; poll and epoll look at the creating thread's and its process's, not the polling thread's"
	reg("signalfd", Partial, note, sysSignalfd)
	reg("signalfd4", Partial, note, sysSignalfd4)
}

func sysSignalfd(t *kernel.Task, a Args) (uintptr, error) { return doSignalfd(t, a[0], a[1], a[2], 0) }

func sysSignalfd4(t *kernel.Task, a Args) (uintptr, error) {
	return doSignalfd(t, a[0], a[1], a[2], int(a[3]))
}

func doSignalfd(t *kernel.Task, fd, maskAddr, size uintptr, flags int) (uintptr, error) {
	if flags&^(unix.SFD_CLOEXEC|unix.SFD_NONBLOCK) != 0 || size != 8 {
		return 0, unix.EINVAL
	}
	b := make([]byte, 8)
	if _, err := t.MM.CopyIn(maskAddr, b); err != nil {
		return 0, unix.EFAULT
	}
	mask := binary.LittleEndian.Uint64(b)
	if int32(fd) != -1 {
		f, err := getFile(t, fd)
		if err != nil {
			return 0, err
		}
		defer f.DecRef()
		s, ok := f.Impl.(*signalfd.SignalFD)
		if !ok {
			return 0, unix.EINVAL
		}
		s.SetMask(mask)
		return uintptr(fdArg(fd)), nil
	}
	return installNew(t, signalfd.New(t, mask), unix.O_RDWR|flags&unix.O_NONBLOCK, flags&unix.SFD_CLOEXEC != 0)
}
