// Package pidfd is pidfd_open(2)'s file: a handle on a process that polls
// readable once the process has exited (and hung up once it is reaped),
// and that pidfd_send_signal, waitid(P_PIDFD) and pidfd_getfd name the
// process by.
//
// It never calls the host.
//
// Lock order: no locks of its own; kernel locks are taken through Task.
package pidfd

import (
	"sync/atomic"

	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

// PidFD is one pidfd.
type PidFD struct {
	proc     *kernel.Task // the process's leader
	nonblock atomic.Bool
}

var (
	_ vfs.FileImpl = (*PidFD)(nil)
	_ vfs.Pollable = (*PidFD)(nil)
)

// New makes a pidfd for process proc (its leader).
func New(proc *kernel.Task) *PidFD { return &PidFD{proc: proc} }

// Process returns the process the pidfd refers to.
func (p *PidFD) Process() *kernel.Task { return p.proc }

// Nonblock reports PIDFD_NONBLOCK (O_NONBLOCK): waitid(P_PIDFD) does not wait.
func (p *PidFD) Nonblock() bool { return p.nonblock.Load() }

// SetNonblock is called by vfs when O_NONBLOCK changes.
func (p *PidFD) SetNonblock(v bool) { p.nonblock.Store(v) }

// FileName implements vfs.Named.
func (p *PidFD) FileName() string { return "anon_inode:[pidfd]" }

// Readiness implements vfs.Pollable: POLLIN once the process has exited,
// with POLLHUP once it has been reaped.
func (p *PidFD) Readiness() uint32 {
	select {
	case <-p.proc.GroupDone():
	default:
		return 0
	}
	if p.proc.Reaped() {
		return vfs.PollIn | vfs.PollHup
	}
	return vfs.PollIn
}

// Changed implements vfs.Pollable.
func (p *PidFD) Changed() <-chan struct{} { return p.proc.GroupDone() }

func (p *PidFD) Read([]byte, int64) (int, error)  { return 0, unix.EINVAL }
func (p *PidFD) Write([]byte, int64) (int, error) { return 0, unix.EINVAL }
func (p *PidFD) Stat() (vfs.Stat, error) {
	return vfs.Stat{Mode: 0o600, Nlink: 1, Blksize: 4096, Dev: 0xe}, nil
}
func (p *PidFD) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (p *PidFD) Seekable() bool                       { return false }
func (p *PidFD) Mappable() (vfs.Mappable, error)      { return nil, unix.ENODEV }
func (p *PidFD) Release()                             {}
func (p *PidFD) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}
