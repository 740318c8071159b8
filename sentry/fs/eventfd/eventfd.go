// Package eventfd is eventfd(2): a 64-bit counter that read takes (all of
// it, or one in semaphore mode) and write adds to, blocking as Linux does.
//
// It never calls the host.
//
// Lock order: EventFD.mu is a leaf.
package eventfd

import (
	"encoding/binary"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

const maxCount = ^uint64(0) - 1

// EventFD is one eventfd.
type EventFD struct {
	mu        sync.Mutex
	count     uint64
	semaphore bool
	notify    chan struct{}
	nonblock  atomic.Bool
}

var (
	_ vfs.FileImpl    = (*EventFD)(nil)
	_ vfs.Pollable    = (*EventFD)(nil)
	_ vfs.WaitingFile = (*EventFD)(nil)
)

// New makes an eventfd with an initial count.
func New(initial uint64, semaphore bool) *EventFD {
	return &EventFD{count: initial, semaphore: semaphore, notify: make(chan struct{})}
}

// SetNonblock is called by vfs when O_NONBLOCK changes.
func (e *EventFD) SetNonblock(v bool) { e.nonblock.Store(v) }

// FileName implements vfs.Named.
func (e *EventFD) FileName() string { return "anon_inode:[eventfd]" }

func (e *EventFD) changed() {
	close(e.notify)
	e.notify = make(chan struct{})
}

type sleeper struct{}

func (sleeper) Wait(ch <-chan struct{}) error { <-ch; return nil }

func (e *EventFD) Read(p []byte, _ int64) (int, error)  { return e.ReadWait(p, sleeper{}) }
func (e *EventFD) Write(p []byte, _ int64) (int, error) { return e.WriteWait(p, sleeper{}) }

// ReadWait implements vfs.WaitingFile.
func (e *EventFD) ReadWait(p []byte, w vfs.Blocker) (int, error) {
	if len(p) < 8 {
		return 0, unix.EINVAL
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for e.count == 0 {
		if e.nonblock.Load() {
			return 0, unix.EAGAIN
		}
		ch := e.notify
		e.mu.Unlock()
		err := w.Wait(ch)
		e.mu.Lock()
		if err != nil {
			return 0, err
		}
	}
	v := e.count
	if e.semaphore {
		v = 1
	}
	e.count -= v
	binary.LittleEndian.PutUint64(p, v)
	e.changed()
	return 8, nil
}

// WriteWait implements vfs.WaitingFile.
func (e *EventFD) WriteWait(p []byte, w vfs.Blocker) (int, error) {
	if len(p) < 8 {
		return 0, unix.EINVAL
	}
	v := binary.LittleEndian.Uint64(p)
	if v == ^uint64(0) {
		return 0, unix.EINVAL
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for e.count+v > maxCount || e.count+v < e.count {
		if e.nonblock.Load() {
			return 0, unix.EAGAIN
		}
		ch := e.notify
		e.mu.Unlock()
		err := w.Wait(ch)
		e.mu.Lock()
		if err != nil {
			return 0, err
		}
	}
	e.count += v
	e.changed()
	return 8, nil
}

// Readiness implements vfs.Pollable.
func (e *EventFD) Readiness() uint32 {
	e.mu.Lock()
	defer e.mu.Unlock()
	var r uint32
	if e.count > 0 {
		r |= vfs.PollIn
	}
	if e.count < maxCount {
		r |= vfs.PollOut
	}
	return r
}

// Changed implements vfs.Pollable.
func (e *EventFD) Changed() <-chan struct{} {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.notify
}

func (e *EventFD) Stat() (vfs.Stat, error) {
	return vfs.Stat{Mode: 0o600, Nlink: 1, Blksize: 4096, Dev: 0xe}, nil
}

// SeekFrom is Linux's noop_llseek: the offset stays (at 0).
func (e *EventFD) SeekFrom(cur, _ int64, _ int) (int64, error) { return cur, nil }

func (e *EventFD) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (e *EventFD) Seekable() bool                       { return false }
func (e *EventFD) Mappable() (vfs.Mappable, error)      { return nil, unix.ENODEV }
func (e *EventFD) Release()                             {}
func (e *EventFD) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}

// AnonName implements vfs.AnonNamer (/proc/[pid]/fd shows anon_inode:NAME).
func (e *EventFD) AnonName() string { return "[eventfd]" }
