// Package epoll is epoll(7) over the sentry's pollable files (pipes, unix sockets,
// eventfds, timerfds, signalfds, pidfds, inotify instances): level- and edge-triggered, one-shot, interruptible waits.
//
// It never calls the host.
//
// Lock order: Epoll.mu, then a file's own lock (through Readiness); a
// file's release hook takes Epoll.mu with no file lock held.
package epoll

import (
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

// Event flags beyond the vfs.Poll* readiness bits.
const (
	RDHup     = 0x2000
	Exclusive = 1 << 28
	WakeUp    = 1 << 29
	OneShot   = 1 << 30
	EdgeTrig  = 1 << 31
	// MaxEvents is EP_MAX_EVENTS.
	MaxEvents = (1<<31 - 1) / 12
)

type key struct {
	fd   int32
	file *vfs.File
}

type entry struct {
	file     *vfs.File
	p        vfs.Pollable
	events   uint32
	data     uint64
	disabled bool            // a one-shot entry that fired
	seen     <-chan struct{} // edge-triggered: the state last reported
	cancel   func()          // unregisters the file's release hook
}

// Event is one ready file.
type Event struct {
	Events uint32
	Data   uint64
}

// Epoll is one epoll instance.
type Epoll struct {
	mu      sync.Mutex
	entries map[key]*entry
}

var _ vfs.FileImpl = (*Epoll)(nil)

// FileName implements vfs.Named.
func (e *Epoll) FileName() string { return "anon_inode:[eventpoll]" }

// New makes an empty epoll instance.
func New() *Epoll { return &Epoll{entries: make(map[key]*entry)} }

// Ctl is epoll_ctl. Errors: EEXIST, ENOENT, EPERM (the file cannot be
// polled, e.g. a regular file), EINVAL.
func (e *Epoll) Ctl(op int, fd int32, f *vfs.File, events uint32, data uint64) error {
	if _, self := f.Impl.(*Epoll); self && f.Impl == vfs.FileImpl(e) {
		return unix.EINVAL
	}
	k := key{fd, f}
	e.mu.Lock()
	defer e.mu.Unlock()
	cur, exists := e.entries[k]
	switch op {
	case unix.EPOLL_CTL_ADD:
		if exists {
			return unix.EEXIST
		}
		p, ok := f.Impl.(vfs.Pollable)
		if !ok {
			return unix.EPERM
		}
		// No reference is held: closing the file's last descriptor drops it
		// from the set, as in Linux.
		en := &entry{file: f, p: p, events: events, data: data}
		en.cancel = f.OnRelease(func() {
			e.mu.Lock()
			if e.entries != nil && e.entries[k] == en {
				delete(e.entries, k)
			}
			e.mu.Unlock()
		})
		e.entries[k] = en
	case unix.EPOLL_CTL_MOD:
		if !exists {
			return unix.ENOENT
		}
		if events&Exclusive != 0 {
			return unix.EINVAL
		}
		cur.events, cur.data, cur.disabled, cur.seen = events, data, false, nil
	case unix.EPOLL_CTL_DEL:
		if !exists {
			return unix.ENOENT
		}
		delete(e.entries, k)
		cur.cancel()
	default:
		return unix.EINVAL
	}
	return nil
}

// Blocker is how Wait sleeps (the calling task).
type Blocker interface {
	Block(ch <-chan struct{}, deadline *time.Time) error
}

// Wait is epoll_wait: up to max ready events, waiting until deadline (nil:
// forever; in the past: not at all). An interrupted wait is EINTR.
func (e *Epoll) Wait(max int, deadline *time.Time, b Blocker) ([]Event, error) {
	for {
		var chans []<-chan struct{}
		var out []Event
		e.mu.Lock()
		for _, en := range e.entries {
			if en.disabled {
				continue
			}
			ch := en.p.Changed()
			chans = append(chans, ch)
			if en.events&EdgeTrig != 0 && en.seen != nil {
				select {
				case <-en.seen:
				default:
					continue // nothing new since the last report
				}
			}
			r := en.p.Readiness() & (en.events | vfs.PollErr | vfs.PollHup)
			if r == 0 || len(out) >= max {
				continue
			}
			out = append(out, Event{Events: r, Data: en.data})
			if en.events&EdgeTrig != 0 {
				en.seen = ch
			}
			if en.events&OneShot != 0 {
				en.disabled = true
			}
		}
		e.mu.Unlock()
		if len(out) > 0 {
			return out, nil
		}
		if deadline != nil && !time.Now().Before(*deadline) {
			return nil, nil
		}
		ch, stop := anyOf(chans)
		err := b.Block(ch, deadline)
		stop()
		switch err {
		case nil:
		case unix.ETIMEDOUT:
			return nil, nil
		default:
			return nil, unix.EINTR
		}
	}
}

// anyOf returns a channel closed when any of chans is, and a stop function
// that ends the helpers (call it once the wait is over).
func anyOf(chans []<-chan struct{}) (<-chan struct{}, func()) {
	if len(chans) == 1 {
		return chans[0], func() {}
	}
	merged := make(chan struct{})
	done := make(chan struct{})
	var once sync.Once
	for _, ch := range chans {
		go func(ch <-chan struct{}) {
			select {
			case <-ch:
				once.Do(func() { close(merged) })
			case <-done:
			}
		}(ch)
	}
	return merged, func() { close(done) }
}

func (e *Epoll) Read([]byte, int64) (int, error)  { return 0, unix.EINVAL }
func (e *Epoll) Write([]byte, int64) (int, error) { return 0, unix.EINVAL }
func (e *Epoll) Stat() (vfs.Stat, error) {
	return vfs.Stat{Mode: 0o600, Nlink: 1, Blksize: 4096, Dev: 0xe}, nil
}
func (e *Epoll) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (e *Epoll) Seekable() bool                       { return false }
func (e *Epoll) Mappable() (vfs.Mappable, error)      { return nil, unix.ENODEV }
func (e *Epoll) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}

// Release drops the instance's references to its files.
func (e *Epoll) Release() {
	e.mu.Lock()
	ents := e.entries
	e.entries = nil
	e.mu.Unlock()
	for _, en := range ents {
		en.cancel()
	}
}

// AnonName implements vfs.AnonNamer (/proc/[pid]/fd shows anon_inode:NAME).
func (e *Epoll) AnonName() string { return "[eventpoll]" }
