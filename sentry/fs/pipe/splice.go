package pipe

import (
	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

// What splice(2), tee(2), vmsplice(2) and sendfile(2) need of a pipe. The
// data is copied (the sentry has no page references to move); each call
// moves at most one pipe's worth.

// IsReadEnd reports whether e is the read end.
func (e *End) IsReadEnd() bool { return e.read }

// SamePipe reports whether e and o are ends of one pipe.
func (e *End) SamePipe(o *End) bool { return e.p == o.p }

// ReadNB reads as read(2) does; nonblock (SPLICE_F_NONBLOCK) makes an empty
// pipe EAGAIN even without O_NONBLOCK.
func (e *End) ReadNB(b []byte, w vfs.Blocker, nonblock bool) (int, error) {
	return e.readNB(b, w, nonblock)
}

// WriteNB writes as write(2) does; nonblock as in ReadNB.
func (e *End) WriteNB(b []byte, w vfs.Blocker, nonblock bool) (int, error) {
	return e.writeNB(b, w, nonblock)
}

// WaitRoom waits until the pipe of write end e has room, and returns how
// much. Errors: EPIPE (no reader), EAGAIN (nonblock and full), EBADF (a read
// end), a restart code from w.
func (e *End) WaitRoom(w vfs.Blocker, nonblock bool) (int, error) {
	if e.read {
		return 0, unix.EBADF
	}
	p := e.p
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if p.readers == 0 {
			return 0, unix.EPIPE
		}
		if room := p.capacity - len(p.buf); room > 0 {
			return room, nil
		}
		if nonblock || e.nonblock.Load() {
			return 0, unix.EAGAIN
		}
		if err := p.wait(w); err != nil {
			return 0, err
		}
	}
}

// lockPair locks two distinct pipes in inode order.
func lockPair(a, b *Pipe) {
	if a.ino < b.ino {
		a.mu.Lock()
		b.mu.Lock()
	} else {
		b.mu.Lock()
		a.mu.Lock()
	}
}

// Transfer moves (splice) or copies (tee, keep) up to n bytes from the pipe
// of read end in to the pipe of write end out, once data is there and there
// is room for it, as Linux's splice and tee between pipes do. It returns 0
// when in is empty with no writer. Errors: EINVAL (one pipe), EBADF (wrong
// ends), EAGAIN (nonblock and it would wait), EPIPE (out has no reader), a
// restart code from w.
func Transfer(in, out *End, n int, keep bool, w vfs.Blocker, nonblock bool) (int, error) {
	if !in.read || out.read {
		return 0, unix.EBADF
	}
	if in.p == out.p {
		return 0, unix.EINVAL
	}
	if n <= 0 {
		return 0, nil
	}
	nonblock = nonblock || in.nonblock.Load() || out.nonblock.Load()
	ip, op := in.p, out.p
	for {
		lockPair(ip, op)
		var wait *Pipe
		switch {
		case len(ip.buf) == 0:
			if ip.writers == 0 {
				ip.mu.Unlock()
				op.mu.Unlock()
				return 0, nil
			}
			wait = ip
		case op.readers == 0:
			ip.mu.Unlock()
			op.mu.Unlock()
			return 0, unix.EPIPE
		case op.capacity-len(op.buf) == 0:
			wait = op
		}
		if wait == nil {
			k := min(n, len(ip.buf), op.capacity-len(op.buf))
			op.buf = append(op.buf, ip.buf[:k]...)
			op.changed()
			if !keep {
				ip.buf = ip.buf[k:]
				if len(ip.buf) == 0 {
					ip.buf = nil
				}
				ip.changed()
			}
			ip.mu.Unlock()
			op.mu.Unlock()
			return k, nil
		}
		ch := wait.notify
		ip.mu.Unlock()
		op.mu.Unlock()
		if nonblock {
			return 0, unix.EAGAIN
		}
		if err := w.Wait(ch); err != nil {
			return 0, err
		}
	}
}

// ReadTo waits for data as ReadNB does, then hands up to n bytes to sink
// with the pipe locked and consumes only what sink took, so that a write
// error leaves the rest in the pipe (splice to a file). sink must not wait
// on anything of the sandbox's: a regular file's write, not a pipe's.
// It returns 0 when the pipe is empty with no writer.
func (e *End) ReadTo(n int, w vfs.Blocker, nonblock bool, sink func([]byte) (int, error)) (int, error) {
	if !e.read {
		return 0, unix.EBADF
	}
	if n <= 0 {
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
	k, err := sink(p.buf[:min(n, len(p.buf))])
	if k > 0 {
		p.buf = p.buf[k:]
		if len(p.buf) == 0 {
			p.buf = nil
		}
		p.changed()
	}
	return max(k, 0), err
}
