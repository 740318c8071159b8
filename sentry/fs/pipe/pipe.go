// Package pipe is the sentry's own pipes: a bounded buffer with a read end
// and a write end, blocking as Linux's do (PIPE_BUF-sized writes are atomic,
// a write with no reader is EPIPE, a read with no writer is EOF). A write
// end with O_DIRECT writes packets (pipe(7)'s packet mode): each write, cut
// into PIPE_BUF-sized pieces, is read by one read at most, and each packet
// takes a page of the pipe's room, as a page buffer does in Linux.
//
// It never calls the host.
//
// Lock order: Pipe.mu is a leaf.
package pipe

import (
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

const (
	// Capacity is the default pipe size (16 pages, as Linux).
	Capacity = 65536
	// Atomic is PIPE_BUF: writes up to this size are never interleaved.
	Atomic = 4096
)

var nextIno atomic.Uint64

// Pipe is one pipe.
type Pipe struct {
	mu     sync.Mutex
	notify chan struct{} // closed and replaced at every change

	buf []byte
	// pkts are the packets in buf, in order: where each starts and its
	// length. Bytes outside them are a byte stream.
	pkts     []packet
	readers  int
	writers  int
	capacity int
	ino      uint64
	// A named pipe's (NewFIFO): the opens of each kind ever, which a
	// blocking open waits to see change (a peer that came and went
	// still lets it through, as in Linux).
	fifo           bool
	ropens, wopens int
}

// New returns the read and write ends of a new pipe.
func New() (*End, *End) {
	p := &Pipe{readers: 1, writers: 1, capacity: Capacity, ino: nextIno.Add(1), notify: make(chan struct{})}
	return &End{p: p, read: true}, &End{p: p}
}

// NewFIFO returns the pipe of a named pipe (a FIFO in a filesystem), with
// no end open: Open makes them.
func NewFIFO() *Pipe {
	return &Pipe{capacity: Capacity, ino: nextIno.Add(1), notify: make(chan struct{}), fifo: true}
}

// Open opens a named pipe as open(2) does (fifo(7)): O_RDWR never waits;
// O_RDONLY waits for a writer to open it, O_WRONLY for a reader, unless
// O_NONBLOCK, where a writer with no reader is ENXIO. w interrupts the
// wait (its error, EINTR). The new end has O_NONBLOCK as flags say.
func (p *Pipe) Open(flags int, w vfs.Blocker) (*End, error) {
	nonblock := flags&unix.O_NONBLOCK != 0
	p.mu.Lock()
	defer p.mu.Unlock()
	var e *End
	switch flags & unix.O_ACCMODE {
	case unix.O_RDWR:
		p.readers++
		p.writers++
		p.ropens++
		p.wopens++
		e = &End{p: p, read: true, rw: true}
	case unix.O_RDONLY:
		p.readers++
		p.ropens++
		p.changed()
		for seen := p.wopens; !nonblock && p.writers == 0 && p.wopens == seen; {
			if err := p.wait(w); err != nil {
				p.readers--
				p.changed()
				return nil, err
			}
		}
		e = &End{p: p, read: true}
	default:
		if nonblock && p.readers == 0 {
			return nil, unix.ENXIO
		}
		p.writers++
		p.wopens++
		p.changed()
		for seen := p.ropens; !nonblock && p.readers == 0 && p.ropens == seen; {
			if err := p.wait(w); err != nil {
				p.writers--
				p.changed()
				return nil, err
			}
		}
		e = &End{p: p}
	}
	p.changed()
	e.nonblock.Store(nonblock)
	return e, nil
}

// packet is one packet-mode write in a pipe's buffer.
type packet struct{ at, n int }

// End is one end of a pipe.
type End struct {
	p        *Pipe
	read     bool
	rw       bool // a named pipe opened O_RDWR: both ends at once (read is set too)
	nonblock atomic.Bool
	direct   atomic.Bool // O_DIRECT: this (write) end writes packets
}

// SetDirect is called by vfs when O_DIRECT changes.
func (e *End) SetDirect(v bool) { e.direct.Store(v) }

// used is the room the buffer takes: its bytes, each packet counted as a
// whole page (p.mu held).
func (p *Pipe) used() int { return len(p.buf) + len(p.pkts)*Atomic - p.pktBytes() }

func (p *Pipe) pktBytes() int {
	n := 0
	for _, k := range p.pkts {
		n += k.n
	}
	return n
}

// consume drops the first n bytes of the buffer (p.mu held).
func (p *Pipe) consume(n int) {
	p.buf = p.buf[n:]
	if len(p.buf) == 0 {
		p.buf = nil
	}
	keep := p.pkts[:0]
	for _, k := range p.pkts {
		k.at -= n
		if k.at+k.n <= 0 {
			continue
		}
		keep = append(keep, k)
	}
	if len(keep) == 0 {
		keep = nil
	}
	p.pkts = keep
}

var _ vfs.FileImpl = (*End)(nil)

// SetNonblock is called by vfs when O_NONBLOCK changes.
func (e *End) SetNonblock(v bool) { e.nonblock.Store(v) }

// changed wakes every waiter (p.mu held).
func (p *Pipe) changed() {
	close(p.notify)
	p.notify = make(chan struct{})
}

// wait releases p.mu while w waits for the next change; p.mu is held again
// on return. An interrupted wait returns w's error.
func (p *Pipe) wait(w vfs.Blocker) error {
	ch := p.notify
	p.mu.Unlock()
	err := w.Wait(ch)
	p.mu.Lock()
	return err
}

// sleeper waits without interruption (callers that have no task).
type sleeper struct{}

func (sleeper) Wait(ch <-chan struct{}) error { <-ch; return nil }

// Read implements vfs.FileImpl (an uninterruptible wait).
func (e *End) Read(b []byte, off int64) (int, error) { return e.ReadWait(b, sleeper{}) }

// Write implements vfs.FileImpl (an uninterruptible wait).
func (e *End) Write(b []byte, off int64) (int, error) { return e.WriteWait(b, sleeper{}) }

// ReadWait implements vfs.WaitingFile.
func (e *End) ReadWait(b []byte, w vfs.Blocker) (int, error) { return e.readNB(b, w, false) }

// readNB reads into b; nonblock (or the end's O_NONBLOCK) makes an empty pipe
// EAGAIN instead of a wait.
func (e *End) readNB(b []byte, w vfs.Blocker, nonblock bool) (int, error) {
	if !e.read && !e.rw {
		return 0, unix.EBADF
	}
	if len(b) == 0 {
		return 0, nil
	}
	p := e.p
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.buf) == 0 {
		if p.writers == 0 {
			return 0, nil
		}
		if nonblock || e.nonblock.Load() {
			return 0, unix.EAGAIN
		}
		if err := p.wait(w); err != nil {
			return 0, err
		}
	}
	// A read takes stream bytes up to the next packet, or one packet,
	// dropping the part of it that does not fit.
	limit, drop := len(p.buf), 0
	if len(p.pkts) > 0 {
		if k := p.pkts[0]; k.at == 0 {
			limit, drop = min(k.n, len(b)), k.n
		} else {
			limit = k.at
		}
	}
	n := copy(b, p.buf[:limit])
	p.consume(max(n, drop))
	p.changed()
	return n, nil
}

// WriteWait implements vfs.WaitingFile.
func (e *End) WriteWait(b []byte, w vfs.Blocker) (int, error) { return e.writeNB(b, w, false) }

// writeNB writes b; nonblock (or the end's O_NONBLOCK) makes a full pipe
// EAGAIN (or a short write) instead of a wait.
func (e *End) writeNB(b []byte, w vfs.Blocker, nonblock bool) (int, error) {
	if e.read && !e.rw {
		return 0, unix.EBADF
	}
	p := e.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if e.direct.Load() {
		return p.writePackets(b, nonblock || e.nonblock.Load(), w)
	}
	done := 0
	for done < len(b) {
		if p.readers == 0 {
			if done > 0 {
				return done, nil
			}
			return 0, unix.EPIPE
		}
		room := p.capacity - p.used()
		left := len(b) - done
		// A write of at most PIPE_BUF goes in whole or waits.
		if room == 0 || (len(b) <= Atomic && room < left) {
			if nonblock || e.nonblock.Load() {
				if done > 0 {
					return done, nil
				}
				return 0, unix.EAGAIN
			}
			if err := p.wait(w); err != nil {
				if done > 0 {
					return done, nil
				}
				return 0, err
			}
			continue
		}
		n := left
		if n > room {
			n = room
		}
		p.buf = append(p.buf, b[done:done+n]...)
		done += n
		p.changed()
	}
	return done, nil
}

// writePackets writes b as packets of at most PIPE_BUF bytes, each needing
// a free page of room (p.mu held).
func (p *Pipe) writePackets(b []byte, nonblock bool, w vfs.Blocker) (int, error) {
	done := 0
	for done < len(b) {
		if p.readers == 0 {
			if done > 0 {
				return done, nil
			}
			return 0, unix.EPIPE
		}
		if p.capacity-p.used() < Atomic {
			if nonblock {
				if done > 0 {
					return done, nil
				}
				return 0, unix.EAGAIN
			}
			if err := p.wait(w); err != nil {
				if done > 0 {
					return done, nil
				}
				return 0, err
			}
			continue
		}
		n := min(len(b)-done, Atomic)
		p.pkts = append(p.pkts, packet{at: len(p.buf), n: n})
		p.buf = append(p.buf, b[done:done+n]...)
		done += n
		p.changed()
	}
	return done, nil
}

// Stat implements vfs.FileImpl.
func (e *End) Stat() (vfs.Stat, error) {
	return vfs.Stat{Mode: unix.S_IFIFO | 0o600, Ino: e.p.ino, Nlink: 1, Blksize: 4096, Dev: 0xd}, nil
}

func (e *End) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (e *End) Seekable() bool                       { return false }
func (e *End) Mappable() (vfs.Mappable, error)      { return nil, unix.ENODEV }

// Ioctl implements FIONREAD.
func (e *End) Ioctl(t vfs.IoctlTarget, req uint, arg uintptr) (uintptr, error) {
	if req != 0x541b { // FIONREAD
		return 0, unix.ENOTTY
	}
	e.p.mu.Lock()
	n := len(e.p.buf)
	e.p.mu.Unlock()
	b := []byte{byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24)}
	if _, err := t.CopyOut(arg, b); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

// Release implements vfs.FileImpl: the end closes.
func (e *End) Release() {
	p := e.p
	p.mu.Lock()
	if e.read || e.rw {
		p.readers--
	}
	if !e.read || e.rw {
		p.writers--
	}
	if p.fifo && p.readers == 0 && p.writers == 0 {
		// A named pipe's data lives while it is open, as in Linux.
		p.buf, p.pkts = nil, nil
	}
	p.changed()
	p.mu.Unlock()
}

// Readiness implements vfs.Pollable.
func (e *End) Readiness() uint32 {
	p := e.p
	p.mu.Lock()
	defer p.mu.Unlock()
	var r uint32
	if e.rw {
		if len(p.buf) > 0 {
			r |= vfs.PollIn
		}
		if p.capacity-p.used() >= Atomic {
			r |= vfs.PollOut
		}
		return r
	}
	if e.read {
		if len(p.buf) > 0 {
			r |= vfs.PollIn
		}
		if p.writers == 0 {
			r |= vfs.PollHup
		}
		return r
	}
	if p.readers == 0 {
		return vfs.PollErr
	}
	// Writable when a whole PIPE_BUF fits, as Linux wants a free page slot.
	if p.capacity-p.used() >= Atomic {
		r |= vfs.PollOut
	}
	return r
}

// Changed implements vfs.Pollable.
func (e *End) Changed() <-chan struct{} {
	e.p.mu.Lock()
	defer e.p.mu.Unlock()
	return e.p.notify
}

// PipeSize returns the pipe's capacity (F_GETPIPE_SZ).
func (e *End) PipeSize() int {
	e.p.mu.Lock()
	defer e.p.mu.Unlock()
	return e.p.capacity
}

// MaxSize is /proc/sys/fs/pipe-max-size's default.
const MaxSize = 1 << 20

// SetPipeSize sets the capacity (F_SETPIPE_SZ): rounded up to a power-of-two
// number of pages, at least one page. Errors: EINVAL beyond MaxSize (EPERM
// in Linux for an unprivileged caller), EBUSY below what the pipe holds.
func (e *End) SetPipeSize(n int64) (int, error) {
	if n < 0 || n > MaxSize { // 0 rounds up to one page, as in Linux
		return 0, unix.EINVAL
	}
	size := 4096
	for int64(size) < n {
		size *= 2
	}
	p := e.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if size < p.used() {
		return 0, unix.EBUSY
	}
	p.capacity = size
	p.changed()
	return size, nil
}
