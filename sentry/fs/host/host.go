// Package host wraps host FDs the sentry was started with (the sandbox's
// stdio) as files: reads and writes go straight to the host FD.
//
// It never opens anything: it only uses FDs handed to the sentry at boot.
//
// Lock order: none.
package host

import (
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

// File is a host FD as a file.
type File struct {
	fd       int
	seekable bool
	tty      bool
}

var _ vfs.FileImpl = (*File)(nil)

// New wraps fd.
func New(fd int) *File {
	f := &File{fd: fd}
	var st unix.Stat_t
	if unix.Fstat(fd, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFREG {
		f.seekable = true
	}
	if _, err := unix.IoctlGetTermios(fd, unix.TCGETS); err == nil {
		f.tty = true
	}
	return f
}

// Flags returns the host FD's status flags (for the app's F_GETFL).
func (f *File) Flags() int {
	fl, err := unix.FcntlInt(uintptr(f.fd), unix.F_GETFL, 0)
	if err != nil {
		return unix.O_RDWR
	}
	return fl &^ unix.O_NONBLOCK
}

func retry(fn func() (int, error)) (int, error) {
	for {
		n, err := fn()
		if err != unix.EINTR {
			if n < 0 {
				n = 0
			}
			return n, err
		}
	}
}

// HostOffset implements vfs.HostOffset: the app's stdio share their offsets
// with husk's (2>&1 into one file must not overwrite itself).
func (f *File) HostOffset() {}

// SeekFrom implements vfs.Seeker with the host's lseek.
func (f *File) SeekFrom(_, off int64, whence int) (int64, error) {
	if !f.seekable {
		return 0, unix.ESPIPE
	}
	return unix.Seek(f.fd, off, whence)
}

func (f *File) Read(p []byte, off int64) (int, error) {
	if f.seekable && off >= 0 {
		return retry(func() (int, error) { return unix.Pread(f.fd, p, off) })
	}
	return retry(func() (int, error) { return unix.Read(f.fd, p) })
}

func (f *File) Write(p []byte, off int64) (int, error) {
	if f.seekable && off >= 0 {
		return retry(func() (int, error) { return unix.Pwrite(f.fd, p, off) })
	}
	return retry(func() (int, error) { return unix.Write(f.fd, p) })
}

func (f *File) Stat() (vfs.Stat, error) {
	var st unix.Stat_t
	if err := unix.Fstat(f.fd, &st); err != nil {
		return vfs.Stat{}, err
	}
	return vfs.StatFromHost(&st), nil
}

func (f *File) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (f *File) Seekable() bool                       { return f.seekable }
func (f *File) Mappable() (vfs.Mappable, error) {
	if !f.seekable {
		return nil, unix.ENODEV
	}
	return f, nil
}

// ReadAt and Size make a regular host file mappable.
func (f *File) ReadAt(p []byte, off int64) (int, error) { return f.Read(p, off) }
func (f *File) Size() int64 {
	st, err := f.Stat()
	if err != nil {
		return 0
	}
	return st.Size
}

// Ioctl passes the read-only terminal queries through to a host tty.
func (f *File) Ioctl(t vfs.IoctlTarget, req uint, arg uintptr) (uintptr, error) {
	if !f.tty {
		return 0, unix.ENOTTY
	}
	switch req {
	case unix.TCGETS:
		tio, err := unix.IoctlGetTermios(f.fd, unix.TCGETS)
		if err != nil {
			return 0, err
		}
		if _, err := t.CopyOut(arg, termiosBytes(tio)); err != nil {
			return 0, unix.EFAULT
		}
		return 0, nil
	case unix.TIOCGWINSZ:
		ws, err := unix.IoctlGetWinsize(f.fd, unix.TIOCGWINSZ)
		if err != nil {
			return 0, err
		}
		b := []byte{byte(ws.Row), byte(ws.Row >> 8), byte(ws.Col), byte(ws.Col >> 8), byte(ws.Xpixel), byte(ws.Xpixel >> 8), byte(ws.Ypixel), byte(ws.Ypixel >> 8)}
		if _, err := t.CopyOut(arg, b); err != nil {
			return 0, unix.EFAULT
		}
		return 0, nil
	}
	return 0, unix.ENOTTY
}

// Release does not close the FD: stdio FDs belong to the sentry for its life.
func (f *File) Release() {}

// Readiness implements vfs.Pollable with a zero-timeout host ppoll of the FD.
func (f *File) Readiness() uint32 {
	fds := []unix.PollFd{{Fd: int32(f.fd), Events: unix.POLLIN | unix.POLLOUT | unix.POLLPRI}}
	if n, err := unix.Ppoll(fds, &unix.Timespec{}, nil); err != nil || n == 0 {
		return 0
	}
	return uint32(fds[0].Revents)
}

// Changed implements vfs.Pollable. The host tells the sentry nothing, so the
// readiness of a host FD is sampled: the channel closes after pollInterval.
func (f *File) Changed() <-chan struct{} {
	ch := make(chan struct{})
	time.AfterFunc(pollInterval, func() { close(ch) })
	return ch
}

// pollInterval is how often a wait on a host FD looks again.
const pollInterval = 5 * time.Millisecond
