// Package signalfd is signalfd(2): a file whose read takes pending signals
// of its mask off the reading thread's queue and its process's, as struct
// signalfd_siginfo records, and which polls readable while one is pending.
//
// The thread that reads is the Blocker a read gets (the task); poll and
// epoll, which have no caller, look at the thread that created the file.
//
// It never calls the host.
//
// Lock order: SignalFD.mu is a leaf; kernel task locks are taken without it.
package signalfd

import (
	"encoding/binary"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

// RecordSize is sizeof(struct signalfd_siginfo).
const RecordSize = 128

// SignalFD is one signalfd.
type SignalFD struct {
	owner    *kernel.Task
	mask     atomic.Uint64
	nonblock atomic.Bool
}

var (
	_ vfs.FileImpl    = (*SignalFD)(nil)
	_ vfs.Pollable    = (*SignalFD)(nil)
	_ vfs.WaitingFile = (*SignalFD)(nil)
)

// New makes a signalfd for mask, polled on owner's behalf.
func New(owner *kernel.Task, mask uint64) *SignalFD {
	s := &SignalFD{owner: owner}
	s.SetMask(mask)
	return s
}

// SetMask replaces the mask (SIGKILL and SIGSTOP are never in it).
func (s *SignalFD) SetMask(mask uint64) {
	s.mask.Store(mask &^ (1<<(unix.SIGKILL-1) | 1<<(unix.SIGSTOP-1)))
}

// Mask returns the mask.
func (s *SignalFD) Mask() uint64 { return s.mask.Load() }

// SetNonblock is called by vfs when O_NONBLOCK changes.
func (s *SignalFD) SetNonblock(v bool) { s.nonblock.Store(v) }

// FileName implements vfs.Named.
func (s *SignalFD) FileName() string { return "anon_inode:[signalfd]" }

// siginfo layouts (Linux's siginfo_layout), by si_code and signal.
const (
	siUser  = 0
	siTimer = -2
	siSigio = -5
)

// record converts a siginfo into a signalfd_siginfo.
func record(si *kernel.SigInfo) []byte {
	le := binary.LittleEndian
	b := make([]byte, RecordSize)
	signo := le.Uint32(si[0:])
	code := int32(le.Uint32(si[8:]))
	copy(b[0:12], si[0:12]) // ssi_signo, ssi_errno, ssi_code
	pidUID := func() {
		copy(b[12:16], si[16:20]) // ssi_pid
		copy(b[16:20], si[20:24]) // ssi_uid
	}
	value := func() {
		copy(b[48:56], si[24:32]) // ssi_ptr
		copy(b[44:48], si[24:28]) // ssi_int
	}
	switch {
	case code > 0 && signo == uint32(unix.SIGCHLD):
		pidUID()
		copy(b[40:44], si[24:28]) // ssi_status
		copy(b[56:64], si[32:40]) // ssi_utime
		copy(b[64:72], si[40:48]) // ssi_stime
	case code > 0 && (signo == uint32(unix.SIGSEGV) || signo == uint32(unix.SIGBUS) || signo == uint32(unix.SIGILL) ||
		signo == uint32(unix.SIGFPE) || signo == uint32(unix.SIGTRAP)):
		copy(b[72:80], si[16:24]) // ssi_addr
	case code > 0 && signo == uint32(unix.SIGIO), code == siSigio:
		copy(b[28:32], si[16:20]) // ssi_band
		copy(b[20:24], si[24:28]) // ssi_fd
	case code == siTimer:
		copy(b[24:28], si[16:20]) // ssi_tid
		copy(b[32:36], si[20:24]) // ssi_overrun
		value()
	case code == siUser || code > 0:
		pidUID()
	default: // sigqueue, tkill and the other user codes
		pidUID()
		value()
	}
	return b
}

func (s *SignalFD) Read(p []byte, _ int64) (int, error) { return s.read(p, s.owner, nil) }

// Write is EINVAL.
func (s *SignalFD) Write([]byte, int64) (int, error) { return 0, unix.EINVAL }

// ReadWait implements vfs.WaitingFile: as many records as fit in p, at
// least one. Errors: EINVAL (p under one record), EAGAIN (nonblocking,
// none pending), a restart code (a signal outside the mask came).
func (s *SignalFD) ReadWait(p []byte, w vfs.Blocker) (int, error) {
	t := s.owner
	if task, ok := w.(*kernel.Task); ok {
		t = task
	}
	return s.read(p, t, w)
}

func (s *SignalFD) read(p []byte, t *kernel.Task, w vfs.Blocker) (int, error) {
	if len(p) < RecordSize {
		return 0, unix.EINVAL
	}
	n := 0
	for n+RecordSize <= len(p) {
		ch := t.SignalQueued()
		info := t.TakeSignal(s.Mask())
		if info == nil {
			if n > 0 {
				break
			}
			if s.nonblock.Load() || w == nil {
				return 0, unix.EAGAIN
			}
			if err := w.Wait(ch); err != nil {
				return 0, err
			}
			continue
		}
		copy(p[n:], record(info))
		n += RecordSize
	}
	return n, nil
}

// WriteWait implements vfs.WaitingFile.
func (s *SignalFD) WriteWait(p []byte, _ vfs.Blocker) (int, error) { return s.Write(p, -1) }

// Readiness implements vfs.Pollable.
func (s *SignalFD) Readiness() uint32 {
	if s.owner.PendingIn(s.Mask()) {
		return vfs.PollIn
	}
	return 0
}

// Changed implements vfs.Pollable.
func (s *SignalFD) Changed() <-chan struct{} { return s.owner.SignalQueued() }

func (s *SignalFD) Stat() (vfs.Stat, error) {
	return vfs.Stat{Mode: 0o600, Nlink: 1, Blksize: 4096, Dev: 0xe}, nil
}

// SeekFrom is Linux's noop_llseek.
func (s *SignalFD) SeekFrom(cur, _ int64, _ int) (int64, error) { return cur, nil }

func (s *SignalFD) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (s *SignalFD) Seekable() bool                       { return false }
func (s *SignalFD) Mappable() (vfs.Mappable, error)      { return nil, unix.ENODEV }
func (s *SignalFD) Release()                             {}
func (s *SignalFD) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}
