package tty

import (
	"encoding/binary"
	"strconv"

	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

// Terminal ioctls (x86-64 numbers).
const (
	tcgets      = 0x5401
	tcsets      = 0x5402
	tcsetsw     = 0x5403
	tcsetsf     = 0x5404
	tcsbrk      = 0x5409
	tcxonc      = 0x540a
	tcflsh      = 0x540b
	tiocexcl    = 0x540c
	tiocnxcl    = 0x540d
	tiocsctty   = 0x540e
	tiocgpgrp   = 0x540f
	tiocspgrp   = 0x5410
	tiocoutq    = 0x5411
	tiocsti     = 0x5412
	tiocgwinsz  = 0x5413
	tiocswinsz  = 0x5414
	fionread    = 0x541b
	tiocnotty   = 0x5422
	tiocsetd    = 0x5423
	tiocgetd    = 0x5424
	tcsbrkp     = 0x5425
	tiocsbrk    = 0x5427
	tioccbrk    = 0x5428
	tiocgsid    = 0x5429
	tcgets2     = 0x802c542a
	tcsets2     = 0x402c542b
	tcsetsw2    = 0x402c542c
	tcsetsf2    = 0x402c542d
	tiocgptn    = 0x80045430
	tiocsptlck  = 0x40045431
	tiocgdev    = 0x80045432
	tiocgptlck  = 0x80045439
	tiocgexcl   = 0x80045440
	tiocgptpeer = 0x5441
	tiocpkt     = 0x5420
	tiocgpkt    = 0x80045438
)

func putInt(t vfs.IoctlTarget, arg uintptr, v uint32) (uintptr, error) {
	if _, err := t.CopyOut(arg, binary.LittleEndian.AppendUint32(nil, v)); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func getInt(t vfs.IoctlTarget, arg uintptr) (int32, error) {
	var b [4]byte
	if _, err := t.CopyIn(arg, b[:]); err != nil {
		return 0, unix.EFAULT
	}
	return int32(binary.LittleEndian.Uint32(b[:])), nil
}

// Ioctl implements vfs.FileImpl for the master: the pty's own requests,
// then those both sides share (which act on the replica's state).
func (m *masterFile) Ioctl(tg vfs.IoctlTarget, req uint, arg uintptr) (uintptr, error) {
	t := m.t
	switch req {
	case tiocgptn:
		return putInt(tg, arg, t.index)
	case tiocsptlck:
		v, err := getInt(tg, arg)
		if err != nil {
			return 0, err
		}
		t.mu.Lock()
		t.locked = v != 0
		t.mu.Unlock()
		return 0, nil
	case tiocgptlck:
		t.mu.Lock()
		l := t.locked
		t.mu.Unlock()
		return putInt(tg, arg, b2u(l))
	case tiocgptpeer:
		return t.openPeer(taskOf(tg), int(arg))
	case fionread:
		t.mu.Lock()
		n := len(t.ld.out)
		t.mu.Unlock()
		return putInt(tg, arg, uint32(n))
	case tiocnotty:
		return 0, unix.ENOTTY // the master is nobody's controlling terminal
	case tiocpkt:
		v, err := getInt(tg, arg)
		if err != nil {
			return 0, err
		}
		t.mu.Lock()
		if v != 0 && !t.ld.packet {
			t.ld.pkt = 0
		}
		t.ld.packet = v != 0
		t.changed()
		t.mu.Unlock()
		return 0, nil
	case tiocgpkt:
		t.mu.Lock()
		p := t.ld.packet
		t.mu.Unlock()
		return putInt(tg, arg, b2u(p))
	}
	return t.ioctl(tg, req, arg, true)
}

// Ioctl implements vfs.FileImpl for the replica.
func (r *replicaFile) Ioctl(tg vfs.IoctlTarget, req uint, arg uintptr) (uintptr, error) {
	t := r.t
	t.mu.Lock()
	hung := t.hungUp
	t.mu.Unlock()
	if hung {
		if req == tiocspgrp {
			return 0, unix.ENOTTY
		}
		return 0, unix.EIO
	}
	switch req {
	case tiocgptn, tiocsptlck, tiocgptlck, tiocpkt, tiocgpkt:
		return 0, unix.ENOTTY
	case tiocgptpeer:
		return 0, unix.EIO // Linux: not a ptmx
	case fionread:
		t.mu.Lock()
		n := t.ld.inputCount()
		t.mu.Unlock()
		return putInt(tg, arg, uint32(n))
	case tiocnotty:
		return t.notty(taskOf(tg))
	}
	return t.ioctl(tg, req, arg, false)
}

func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

// ioctl serves the requests both sides take.
func (t *Terminal) ioctl(tg vfs.IoctlTarget, req uint, arg uintptr, master bool) (uintptr, error) {
	tk := taskOf(tg)
	switch req {
	case tcgets, tcgets2:
		size := termiosSize
		if req == tcgets2 {
			size = termios2Size
		}
		t.mu.Lock()
		b := t.ld.tio.encode(size)
		t.mu.Unlock()
		if _, err := tg.CopyOut(arg, b); err != nil {
			return 0, unix.EFAULT
		}
		return 0, nil
	case tcsets, tcsetsw, tcsetsf, tcsets2, tcsetsw2, tcsetsf2:
		return t.setTermios(tk, tg, req, arg, master)
	case tiocgwinsz:
		t.mu.Lock()
		ws := t.winsize
		t.mu.Unlock()
		if _, err := tg.CopyOut(arg, ws[:]); err != nil {
			return 0, unix.EFAULT
		}
		return 0, nil
	case tiocswinsz:
		var ws [8]byte
		if _, err := tg.CopyIn(arg, ws[:]); err != nil {
			return 0, unix.EFAULT
		}
		t.mu.Lock()
		same := ws == t.winsize
		t.winsize = ws
		pg := t.pgrp
		t.mu.Unlock()
		if !same {
			t.sendSignals([]unix.Signal{unix.SIGWINCH}, pg)
		}
		return 0, nil
	case tiocoutq:
		// A pty passes output on at once: nothing waits in its driver.
		return putInt(tg, arg, 0)
	case tcflsh:
		if err := t.checkChange(tk, unix.SIGTTOU); err != nil {
			return 0, err
		}
		if arg > unix.TCIOFLUSH {
			return 0, unix.EINVAL
		}
		t.mu.Lock()
		in, out := arg != unix.TCOFLUSH, arg != unix.TCIFLUSH
		if master {
			in, out = out, in
		}
		if in {
			if master {
				t.ld.flushInput()
			} else {
				t.ld.flushRead()
			}
		}
		if out {
			t.ld.out = nil
			if !master {
				t.ld.setPkt(pktFlushWrite, 0)
			}
		}
		sigs, pg := t.process()
		t.changed()
		t.mu.Unlock()
		t.sendSignals(sigs, pg)
		return 0, nil
	case tcxonc:
		if err := t.checkChange(tk, unix.SIGTTOU); err != nil {
			return 0, err
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		switch arg {
		case unix.TCOOFF:
			if !t.ld.tcoStopped {
				t.ld.tcoStopped = true
				t.ld.stop()
			}
		case unix.TCOON:
			if t.ld.tcoStopped {
				t.ld.tcoStopped = false
				t.ld.start()
			}
		case unix.TCIOFF, unix.TCION:
			c := t.ld.tio.CC[vSTOP]
			if arg == unix.TCION {
				c = t.ld.tio.CC[vSTART]
			}
			if c != 0 && t.ld.outRoom(1) {
				t.ld.out = append(t.ld.out, c)
			}
		default:
			return 0, unix.EINVAL
		}
		t.changed()
		return 0, nil
	case tcsbrk, tcsbrkp:
		// Draining is immediate and a pty has no line to break.
		return 0, t.checkChange(tk, unix.SIGTTOU)
	case tiocsbrk, tioccbrk:
		return 0, nil
	case tiocexcl, tiocnxcl:
		t.mu.Lock()
		t.excl = req == tiocexcl
		t.mu.Unlock()
		return 0, nil
	case tiocgexcl:
		t.mu.Lock()
		e := t.excl
		t.mu.Unlock()
		return putInt(tg, arg, b2u(e))
	case tiocgetd:
		return putInt(tg, arg, 0) // N_TTY
	case tiocsetd:
		v, err := getInt(tg, arg)
		if err != nil {
			return 0, err
		}
		if v != 0 {
			return 0, unix.EINVAL // only N_TTY exists here
		}
		return 0, nil
	case tiocgdev:
		return putInt(tg, arg, ptsMajor<<8|t.index&0xff|(t.index&^0xff)<<12)
	case tiocsctty:
		return 0, t.sctty(tk, master, int(arg))
	case tiocgpgrp, tiocgsid:
		if tk == nil {
			return 0, unix.ENOTTY
		}
		mine := false
		if c, _ := tk.ControllingTerminal().(*Terminal); c == t {
			mine = true
		}
		if !master && !mine {
			return 0, unix.ENOTTY
		}
		t.mu.Lock()
		v := t.pgrp
		if req == tiocgsid {
			v = t.session
		}
		t.mu.Unlock()
		if req == tiocgsid && v == 0 {
			return 0, unix.ENOTTY
		}
		return putInt(tg, arg, uint32(v))
	case tiocspgrp:
		return 0, t.spgrp(tk, tg, arg)
	case tiocsti:
		return 0, t.sti(tk, tg, arg)
	}
	return 0, unix.ENOTTY
}

// setTermios is TCSETS and friends. Errors: EFAULT, SIGTTOU's.
func (t *Terminal) setTermios(tk *kernel.Task, tg vfs.IoctlTarget, req uint, arg uintptr, master bool) (uintptr, error) {
	if err := t.checkChange(tk, unix.SIGTTOU); err != nil {
		return 0, err
	}
	two := req == tcsets2 || req == tcsetsw2 || req == tcsetsf2
	size := termiosSize
	if two {
		size = termios2Size
	}
	b := make([]byte, termios2Size)
	if _, err := tg.CopyIn(arg, b[:size]); err != nil {
		return 0, unix.EFAULT
	}
	tio := decodeTermios(b[:size])
	if !two {
		t.mu.Lock()
		tio.Ispeed, tio.Ospeed = t.ld.tio.Ispeed, t.ld.tio.Ospeed
		t.mu.Unlock()
	}
	tio.fixSpeeds()
	// A pty is always 8 bits, no parity, receiving (pty_set_termios).
	tio.Cflag = tio.Cflag&^(unix.CSIZE|unix.PARENB) | unix.CS8 | unix.CREAD
	t.mu.Lock()
	if req == tcsetsf || req == tcsetsf2 {
		if master {
			t.ld.out = nil
		} else {
			t.ld.flushRead()
		}
	}
	t.ld.setTermios(tio)
	sigs, pg := t.process()
	t.changed()
	t.mu.Unlock()
	t.sendSignals(sigs, pg)
	return 0, nil
}

// sctty is TIOCSCTTY: a session leader without a controlling terminal
// takes t (from another session only with arg 1 and CAP_SYS_ADMIN).
// Errors: EPERM.
func (t *Terminal) sctty(tk *kernel.Task, master bool, arg int) error {
	if tk == nil {
		return unix.EPERM
	}
	leader := tk.IsSessionLeader()
	t.mu.Lock()
	defer t.mu.Unlock()
	if leader && t.session != 0 && t.session == tk.Sid() {
		return nil
	}
	if !leader || tk.ControllingTerminal() != nil {
		return unix.EPERM
	}
	if t.session != 0 {
		if arg != 1 || !tk.Creds.HasCap(capSysAdmin) {
			return unix.EPERM
		}
		tk.K.ClearControllingTerminal(t.session, t)
	}
	t.setCTTYLocked(tk)
	return nil
}

// notty is TIOCNOTTY: the caller gives up its controlling terminal; a
// session leader's whole session does, and its foreground group gets
// SIGHUP and SIGCONT. Errors: ENOTTY when t is not the caller's.
func (t *Terminal) notty(tk *kernel.Task) (uintptr, error) {
	if tk == nil {
		return 0, unix.ENOTTY
	}
	if c, _ := tk.ControllingTerminal().(*Terminal); c != t {
		return 0, unix.ENOTTY
	}
	if !tk.IsSessionLeader() {
		tk.SetControllingTerminal(nil)
		return 0, nil
	}
	t.mu.Lock()
	sid, pg := t.session, t.pgrp
	t.session, t.pgrp = 0, 0
	t.mu.Unlock()
	if pg != 0 {
		tk.K.SignalProcessGroup(pg, unix.SIGHUP)
		tk.K.SignalProcessGroup(pg, unix.SIGCONT)
	}
	tk.K.ClearControllingTerminal(sid, t)
	tk.SetControllingTerminal(nil)
	return 0, nil
}

// spgrp is TIOCSPGRP (tcsetpgrp). Errors: ENOTTY (not the caller's
// controlling terminal), EINVAL, ESRCH, EPERM (a group of another session),
// SIGTTOU's from the background.
func (t *Terminal) spgrp(tk *kernel.Task, tg vfs.IoctlTarget, arg uintptr) error {
	if tk == nil {
		return unix.ENOTTY
	}
	if err := t.checkChange(tk, unix.SIGTTOU); err != nil {
		if err == unix.EIO {
			return unix.ENOTTY
		}
		return err
	}
	pg, err := getInt(tg, arg)
	if err != nil {
		return err
	}
	if pg < 0 {
		return unix.EINVAL
	}
	sid := tk.Sid()
	t.mu.Lock()
	defer t.mu.Unlock()
	if c, _ := tk.ControllingTerminal().(*Terminal); c != t || t.session != sid {
		return unix.ENOTTY
	}
	gs, ok := tk.K.GroupSession(pg)
	if !ok {
		return unix.ESRCH
	}
	if gs != sid {
		return unix.EPERM
	}
	t.pgrp = pg
	return nil
}

// sti is TIOCSTI: a byte pushed as if typed, by the terminal's own session
// or CAP_SYS_ADMIN. Errors: EPERM, EFAULT.
func (t *Terminal) sti(tk *kernel.Task, tg vfs.IoctlTarget, arg uintptr) error {
	if tk == nil {
		return unix.EPERM
	}
	if c, _ := tk.ControllingTerminal().(*Terminal); c != t && !tk.Creds.HasCap(capSysAdmin) {
		return unix.EPERM
	}
	var b [1]byte
	if _, err := tg.CopyIn(arg, b[:]); err != nil {
		return unix.EFAULT
	}
	t.mu.Lock()
	t.pending = append(t.pending, b[0])
	sigs, pg := t.process()
	t.changed()
	t.mu.Unlock()
	t.sendSignals(sigs, pg)
	return nil
}

// openPeer is TIOCGPTPEER: the replica opened from the master, with flags
// (O_RDWR, O_NOCTTY, O_NONBLOCK, O_CLOEXEC...); returns the new fd.
func (t *Terminal) openPeer(tk *kernel.Task, flags int) (uintptr, error) {
	if tk == nil {
		return 0, unix.EPERM
	}
	r, err := t.openReplica(nil, true)
	if err != nil {
		return 0, err
	}
	impl, err := r.Opened(tk, flags)
	if err != nil {
		return 0, err
	}
	d := t.fs.dentry(strconv.Itoa(int(t.index)))
	f := vfs.NewFile(impl, d, flags)
	defer f.DecRef()
	fd, err := tk.FDs.Install(f, 0, flags&unix.O_CLOEXEC != 0)
	return uintptr(fd), err
}
