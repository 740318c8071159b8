// Package timerfd is timerfd_create(2): a file whose read returns how many
// times a timer expired since the last read, readable (poll, epoll) while
// that count is not zero.
//
// Expirations are counted lazily from the deadline and the interval when the
// file is looked at (read, poll, gettime), so a short interval costs nothing
// while nobody reads; one Go timer wakes waiters at the next deadline.
// Deadlines are relative durations on the Go monotonic clock: the syscall
// handler turns an absolute time on the timer's clock into one, so a later
// step of CLOCK_REALTIME does not move an armed timer.
//
// It never calls the host.
//
// Lock order: TimerFD.mu is a leaf.
package timerfd

import (
	"encoding/binary"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

// TimerFD is one timerfd.
type TimerFD struct {
	clock int32

	mu       sync.Mutex
	armed    bool
	deadline time.Time // the next expiry, when armed
	interval time.Duration
	count    uint64 // expirations not yet read
	timer    *time.Timer
	notify   chan struct{}
	nonblock atomic.Bool
}

var (
	_ vfs.FileImpl    = (*TimerFD)(nil)
	_ vfs.Pollable    = (*TimerFD)(nil)
	_ vfs.WaitingFile = (*TimerFD)(nil)
)

// New makes a disarmed timerfd on clock (recorded for gettime's callers).
func New(clock int32) *TimerFD { return &TimerFD{clock: clock, notify: make(chan struct{})} }

// Clock returns the clock the timer was created on.
func (f *TimerFD) Clock() int32 { return f.clock }

// SetNonblock is called by vfs when O_NONBLOCK changes.
func (f *TimerFD) SetNonblock(v bool) { f.nonblock.Store(v) }

// FileName implements vfs.Named.
func (f *TimerFD) FileName() string { return "anon_inode:[timerfd]" }

func (f *TimerFD) changedLocked() {
	close(f.notify)
	f.notify = make(chan struct{})
}

// updateLocked counts the expirations up to now and moves the deadline past
// it (or disarms a one-shot timer).
func (f *TimerFD) updateLocked(now time.Time) {
	if !f.armed || now.Before(f.deadline) {
		return
	}
	n := uint64(1)
	if f.interval > 0 {
		extra := uint64(now.Sub(f.deadline) / f.interval)
		n += extra
		f.deadline = f.deadline.Add(time.Duration(n) * f.interval)
	} else {
		f.armed = false
	}
	if f.count+n < f.count {
		f.count = ^uint64(0)
	} else {
		f.count += n
	}
}

// scheduleLocked (re)starts the Go timer that wakes waiters at the next
// deadline: only while nothing is readable, as only then can waiters exist.
func (f *TimerFD) scheduleLocked(now time.Time) {
	if f.timer != nil {
		f.timer.Stop()
		f.timer = nil
	}
	if !f.armed || f.count > 0 {
		return
	}
	f.timer = time.AfterFunc(f.deadline.Sub(now), f.fire)
}

func (f *TimerFD) fire() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.timer = nil
	f.updateLocked(time.Now())
	if f.count > 0 {
		f.changedLocked()
	} else {
		f.scheduleLocked(time.Now()) // woke early
	}
}

// Set arms the timer to expire in value (0 disarms), then every interval
// (0: once), dropping expirations not yet read; it returns the old time
// left and interval (timerfd_settime's old_value).
func (f *TimerFD) Set(value, interval time.Duration) (time.Duration, time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	left, oldInt := f.getLocked(now)
	f.count = 0
	f.armed = value > 0
	f.interval = interval
	if f.armed {
		f.deadline = now.Add(value)
	}
	f.scheduleLocked(now)
	f.changedLocked()
	return left, oldInt
}

// Get returns the time left to the next expiry (0: disarmed) and the interval.
func (f *TimerFD) Get() (time.Duration, time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.getLocked(time.Now())
}

func (f *TimerFD) getLocked(now time.Time) (time.Duration, time.Duration) {
	f.updateLocked(now)
	if !f.armed {
		return 0, f.interval
	}
	left := f.deadline.Sub(now)
	if left <= 0 {
		left = 1
	}
	return left, f.interval
}

type sleeper struct{}

func (sleeper) Wait(ch <-chan struct{}) error { <-ch; return nil }

func (f *TimerFD) Read(p []byte, _ int64) (int, error) { return f.ReadWait(p, sleeper{}) }

// Write is EINVAL: a timerfd is not written (TFD_IOC_SET_TICKS is not kept).
func (f *TimerFD) Write([]byte, int64) (int, error) { return 0, unix.EINVAL }

// ReadWait implements vfs.WaitingFile: 8 bytes, the expiration count.
// Errors: EINVAL (a buffer under 8 bytes), EAGAIN (none yet, nonblocking).
func (f *TimerFD) ReadWait(p []byte, w vfs.Blocker) (int, error) {
	if len(p) < 8 {
		return 0, unix.EINVAL
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for {
		f.updateLocked(time.Now())
		if f.count > 0 {
			break
		}
		if f.nonblock.Load() {
			return 0, unix.EAGAIN
		}
		ch := f.notify
		f.mu.Unlock()
		err := w.Wait(ch)
		f.mu.Lock()
		if err != nil {
			return 0, err
		}
	}
	binary.LittleEndian.PutUint64(p, f.count)
	f.count = 0
	f.scheduleLocked(time.Now())
	return 8, nil
}

// WriteWait implements vfs.WaitingFile.
func (f *TimerFD) WriteWait(p []byte, _ vfs.Blocker) (int, error) { return f.Write(p, -1) }

// Readiness implements vfs.Pollable.
func (f *TimerFD) Readiness() uint32 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updateLocked(time.Now())
	if f.count > 0 {
		return vfs.PollIn
	}
	return 0
}

// Changed implements vfs.Pollable.
func (f *TimerFD) Changed() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.notify
}

func (f *TimerFD) Stat() (vfs.Stat, error) {
	return vfs.Stat{Mode: 0o600, Nlink: 1, Blksize: 4096, Dev: 0xe}, nil
}

// SeekFrom is Linux's noop_llseek.
func (f *TimerFD) SeekFrom(cur, _ int64, _ int) (int64, error) { return cur, nil }

func (f *TimerFD) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (f *TimerFD) Seekable() bool                       { return false }
func (f *TimerFD) Mappable() (vfs.Mappable, error)      { return nil, unix.ENODEV }
func (f *TimerFD) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}

// Release stops the timer.
func (f *TimerFD) Release() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.armed = false
	if f.timer != nil {
		f.timer.Stop()
		f.timer = nil
	}
}
