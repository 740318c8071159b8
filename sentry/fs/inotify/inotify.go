// Package inotify is inotify(7): an instance holds watches on inodes
// (registered with the VFS, which raises events where files change) and a
// queue of struct inotify_event records that read returns.
//
// It never calls the host. Only changes made through the sentry's VFS are
// seen (the host changing a gofer-served file raises nothing).
//
// Lock order: Inotify.mu, then the VFS's watch registry (a leaf); events
// arrive with no VFS lock held.
package inotify

import (
	"encoding/binary"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

// Flags of inotify_add_watch beyond the events.
const (
	InOnlydir    = 0x01000000
	InDontFollow = 0x02000000
	InExclUnlink = 0x04000000
	InMaskCreate = 0x10000000
	InMaskAdd    = 0x20000000
	InOneshot    = 0x80000000
	// allBits are the bits a watch mask may hold (ALL_INOTIFY_BITS).
	allBits = vfs.InAllEvents | vfs.InUnmount | vfs.InQOverflow | vfs.InIgnored | InOnlydir | InDontFollow |
		InExclUnlink | InMaskCreate | InMaskAdd | vfs.InIsdir | InOneshot
	// MaxQueued is /proc/sys/fs/inotify/max_queued_events' default.
	MaxQueued = 16384
	// MaxWatches bounds one instance's watches (max_user_watches is larger;
	// this keeps one instance's memory bounded).
	MaxWatches = 65536
	eventSize  = 16
	fionread   = 0x541b
)

type event struct {
	wd     int32
	mask   uint32
	cookie uint32
	name   string
}

// size is the record's length: the header and the name, NUL-padded to a
// multiple of 16 bytes (none without a name).
func (e *event) size() int {
	if e.name == "" {
		return eventSize
	}
	return eventSize + (len(e.name)+1+eventSize-1)/eventSize*eventSize
}

func (e *event) put(b []byte) {
	le := binary.LittleEndian
	le.PutUint32(b[0:], uint32(e.wd))
	le.PutUint32(b[4:], e.mask)
	le.PutUint32(b[8:], e.cookie)
	le.PutUint32(b[12:], uint32(e.size()-eventSize))
	clear(b[eventSize:e.size()])
	copy(b[eventSize:], e.name)
}

// Inotify is one inotify instance.
type Inotify struct {
	mu       sync.Mutex
	queue    []event
	bytes    int
	notify   chan struct{}
	watches  map[int32]*vfs.Watch
	byInode  map[any]*vfs.Watch // by vfs.WatchKey: one watch per file
	nextWD   int32
	released bool
	nonblock atomic.Bool
}

var (
	_ vfs.FileImpl    = (*Inotify)(nil)
	_ vfs.Pollable    = (*Inotify)(nil)
	_ vfs.WaitingFile = (*Inotify)(nil)
	_ vfs.Watcher     = (*Inotify)(nil)
)

// New makes an instance with no watches.
func New() *Inotify {
	return &Inotify{notify: make(chan struct{}), watches: make(map[int32]*vfs.Watch),
		byInode: make(map[any]*vfs.Watch), nextWD: 1}
}

// SetNonblock is called by vfs when O_NONBLOCK changes.
func (n *Inotify) SetNonblock(v bool) { n.nonblock.Store(v) }

// FileName implements vfs.Named.
func (n *Inotify) FileName() string { return "anon_inode:inotify" }

// CheckMask is inotify_add_watch's first check of a mask. Errors: EINVAL
// (no known bit, or IN_MASK_ADD with IN_MASK_CREATE).
func CheckMask(mask uint32) error {
	if mask&allBits == 0 || mask&(InMaskAdd|InMaskCreate) == InMaskAdd|InMaskCreate {
		return unix.EINVAL
	}
	return nil
}

// AddWatch is inotify_add_watch on ino (already resolved and checked):
// a new watch, or the existing one's mask replaced (or, with IN_MASK_ADD,
// extended). Errors: EINVAL, EEXIST (IN_MASK_CREATE on a watched inode),
// ENOSPC (too many watches).
func (n *Inotify) AddWatch(ino vfs.Inode, mask uint32) (int32, error) {
	if err := CheckMask(mask); err != nil {
		return 0, err
	}
	keep := mask &^ (InMaskAdd | InMaskCreate | InDontFollow | InOnlydir)
	key, ok := vfs.WatchKey(ino)
	if !ok {
		return 0, unix.EINVAL
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if w, ok := n.byInode[key]; ok {
		if mask&InMaskCreate != 0 {
			return 0, unix.EEXIST
		}
		if mask&InMaskAdd != 0 {
			keep |= w.Mask()
		}
		w.SetMask(keep)
		return w.WD, nil
	}
	if len(n.watches) >= MaxWatches {
		return 0, unix.ENOSPC
	}
	w := &vfs.Watch{Owner: n, WD: n.nextWD, Inode: ino}
	w.SetMask(keep)
	if err := vfs.AddWatch(w); err != nil {
		return 0, err
	}
	n.nextWD++
	n.watches[w.WD] = w
	n.byInode[w.Key()] = w
	return w.WD, nil
}

// RmWatch is inotify_rm_watch: the watch goes, with IN_IGNORED queued.
// Errors: EINVAL (no such watch).
func (n *Inotify) RmWatch(wd int32) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	w, ok := n.watches[wd]
	if !ok {
		return unix.EINVAL
	}
	n.dropLocked(w)
	n.queueLocked(event{wd: wd, mask: vfs.InIgnored})
	return nil
}

func (n *Inotify) dropLocked(w *vfs.Watch) {
	delete(n.watches, w.WD)
	delete(n.byInode, w.Key())
	vfs.RemoveWatch(w)
}

// queueLocked appends e unless it repeats the last event, or the queue is
// full (then one IN_Q_OVERFLOW ends it).
func (n *Inotify) queueLocked(e event) {
	if l := len(n.queue); l > 0 && n.queue[l-1] == e {
		return
	}
	if len(n.queue) >= MaxQueued {
		o := event{wd: -1, mask: vfs.InQOverflow}
		if n.queue[len(n.queue)-1] == o {
			return
		}
		e = o
	}
	n.queue = append(n.queue, e)
	n.bytes += e.size()
	close(n.notify)
	n.notify = make(chan struct{})
}

// Notify implements vfs.Watcher.
func (n *Inotify) Notify(w *vfs.Watch, mask, cookie uint32, name string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.released || n.watches[w.WD] != w {
		return
	}
	if mask&vfs.InIgnored != 0 {
		n.dropLocked(w)
		n.queueLocked(event{wd: w.WD, mask: vfs.InIgnored})
		return
	}
	wm := w.Mask()
	if mask&wm&vfs.InAllEvents == 0 {
		return
	}
	n.queueLocked(event{wd: w.WD, mask: mask, cookie: cookie, name: name})
	if wm&InOneshot != 0 {
		n.dropLocked(w)
		n.queueLocked(event{wd: w.WD, mask: vfs.InIgnored})
	}
}

type sleeper struct{}

func (sleeper) Wait(ch <-chan struct{}) error { <-ch; return nil }

func (n *Inotify) Read(p []byte, _ int64) (int, error) { return n.ReadWait(p, sleeper{}) }

// Write is EINVAL.
func (n *Inotify) Write([]byte, int64) (int, error) { return 0, unix.EINVAL }

// ReadWait implements vfs.WaitingFile: as many whole events as fit.
// Errors: EINVAL (the first event does not fit), EAGAIN (none, nonblocking).
func (n *Inotify) ReadWait(p []byte, w vfs.Blocker) (int, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for len(n.queue) == 0 {
		if n.nonblock.Load() {
			return 0, unix.EAGAIN
		}
		ch := n.notify
		n.mu.Unlock()
		err := w.Wait(ch)
		n.mu.Lock()
		if err != nil {
			return 0, err
		}
	}
	done, i := 0, 0
	for ; i < len(n.queue); i++ {
		e := &n.queue[i]
		if done+e.size() > len(p) {
			break
		}
		e.put(p[done:])
		done += e.size()
		n.bytes -= e.size()
	}
	if i == 0 {
		return 0, unix.EINVAL
	}
	n.queue = append(n.queue[:0:0], n.queue[i:]...)
	return done, nil
}

// WriteWait implements vfs.WaitingFile.
func (n *Inotify) WriteWait(p []byte, _ vfs.Blocker) (int, error) { return n.Write(p, -1) }

// Readiness implements vfs.Pollable.
func (n *Inotify) Readiness() uint32 {
	n.mu.Lock()
	defer n.mu.Unlock()
	if len(n.queue) > 0 {
		return vfs.PollIn
	}
	return 0
}

// Changed implements vfs.Pollable.
func (n *Inotify) Changed() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.notify
}

// Ioctl implements FIONREAD: the bytes queued.
func (n *Inotify) Ioctl(t vfs.IoctlTarget, req uint, arg uintptr) (uintptr, error) {
	if req != fionread {
		return 0, unix.ENOTTY
	}
	n.mu.Lock()
	v := n.bytes
	n.mu.Unlock()
	if _, err := t.CopyOut(arg, binary.LittleEndian.AppendUint32(nil, uint32(v))); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

// Release drops every watch.
func (n *Inotify) Release() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.released = true
	for _, w := range n.watches {
		n.dropLocked(w)
	}
	n.queue = nil
}

func (n *Inotify) Stat() (vfs.Stat, error) {
	return vfs.Stat{Mode: 0o600, Nlink: 1, Blksize: 4096, Dev: 0xe}, nil
}

// SeekFrom is Linux's noop_llseek.
func (n *Inotify) SeekFrom(cur, _ int64, _ int) (int64, error) { return cur, nil }

func (n *Inotify) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (n *Inotify) Seekable() bool                       { return false }
func (n *Inotify) Mappable() (vfs.Mappable, error)      { return nil, unix.ENODEV }
