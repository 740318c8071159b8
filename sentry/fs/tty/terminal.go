// Package tty is the sentry's own terminals: pseudo-terminal pairs made by
// opening /dev/ptmx (5:2), the devpts filesystem that lists their replicas
// under /dev/pts, /dev/tty (5:0, the caller's controlling terminal), and
// the line discipline between the two sides (Linux's N_TTY: termios,
// canonical editing, echo, input and output mapping, ISIG signals,
// VMIN/VTIME) with job control (controlling terminals, the foreground
// process group, SIGTTIN/SIGTTOU, hangup).
//
// It never calls the host and never opens a host device node: a terminal
// exists only in the sentry. The app's inherited stdio stay host FDs
// (sentry/fs/host), and /dev/console is ENXIO.
//
// Not done: the old termio ioctls (TCGETA...), ECHOPRT, PENDIN, IMAXBEL,
// parity marking (PARMRK), breaks, EXTPROC.
//
// Lock order: Terminal.mu, then Kernel.mu (through Task methods), then
// Task.mu; FS.mu is a leaf (never held while taking Terminal.mu). Signals
// are sent after Terminal.mu is released.
package tty

import (
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/errno"
	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

// Terminal is one pseudo-terminal pair: the master (the ptmx file) and the
// replica (/dev/pts/N) share one line discipline, window size and job
// control state.
type Terminal struct {
	fs      *FS
	k       *kernel.Kernel
	index   uint32
	uid     uint32
	gid     uint32
	created unix.Timespec

	mu          sync.Mutex
	notify      chan struct{} // closed and replaced at every change
	ld          ldisc
	pending     []byte // written by the master, not yet taken by ld
	winsize     [8]byte
	locked      bool // TIOCSPTLCK: the replica cannot be opened
	masterOpen  bool
	replicas    int  // open replica files
	otherClosed bool // every replica file has closed: master reads EIO
	hungUp      bool // the master closed
	excl        bool // TIOCEXCL
	session     int32
	pgrp        int32 // the foreground process group
}

var _ kernel.Terminal = (*Terminal)(nil)

// changed wakes every waiter (mu held).
func (t *Terminal) changed() {
	close(t.notify)
	t.notify = make(chan struct{})
}

// sleeper waits without interruption (callers without a task).
type sleeper struct{}

func (sleeper) Wait(ch <-chan struct{}) error { <-ch; return nil }

// wait releases mu until the next change, the deadline (nil: none) or a
// signal; mu is held again on return. Errors: ETIMEDOUT, a restart code.
func (t *Terminal) wait(b vfs.Blocker, deadline *time.Time) error {
	ch := t.notify
	t.mu.Unlock()
	defer t.mu.Lock()
	if tk, ok := b.(*kernel.Task); ok {
		err := tk.Block(ch, deadline)
		if err == errno.Errno(unix.ETIMEDOUT) {
			return unix.ETIMEDOUT
		}
		return err
	}
	if deadline == nil {
		return b.Wait(ch)
	}
	tm := time.NewTimer(time.Until(*deadline))
	defer tm.Stop()
	select {
	case <-ch:
		return nil
	case <-tm.C:
		return unix.ETIMEDOUT
	}
}

// process feeds pending master input to the line discipline (mu held) and
// returns the ISIG signals it raised, for sendSignals once mu is released.
func (t *Terminal) process() (sigs []unix.Signal, pgrp int32) {
	if len(t.pending) > 0 {
		n := t.ld.receive(t.pending)
		t.pending = t.pending[n:]
		if len(t.pending) == 0 {
			t.pending = nil
		}
	}
	sigs, t.ld.sigs = t.ld.sigs, nil
	return sigs, t.pgrp
}

func (t *Terminal) sendSignals(sigs []unix.Signal, pgrp int32) {
	if t.k == nil || pgrp == 0 {
		return
	}
	for _, s := range sigs {
		t.k.SignalProcessGroup(pgrp, s)
	}
}

// taskOf returns the calling task behind a blocker or ioctl target.
func taskOf(v any) *kernel.Task {
	tk, _ := v.(*kernel.Task)
	return tk
}

// checkChange is Linux's __tty_check_change: a process of a background
// group that has t as its controlling terminal is sent sig (SIGTTIN for a
// read; SIGTTOU for a write under TOSTOP or a change of settings) and the
// call restarts once it continues. Errors: EIO (SIGTTIN ignored or blocked,
// or an orphaned group), ERESTARTSYS.
func (t *Terminal) checkChange(tk *kernel.Task, sig unix.Signal) error {
	if tk == nil {
		return nil
	}
	if c, _ := tk.ControllingTerminal().(*Terminal); c != t {
		return nil
	}
	t.mu.Lock()
	fg := t.pgrp
	t.mu.Unlock()
	pg := tk.Pgid()
	if fg == 0 || pg == fg {
		return nil
	}
	if tk.IgnoresOrBlocks(sig) {
		if sig == unix.SIGTTIN {
			return unix.EIO
		}
		return nil
	}
	if tk.PgrpOrphaned() {
		return unix.EIO
	}
	tk.K.SignalProcessGroup(pg, sig)
	return errno.ERESTARTSYS
}

// SessionLeaderExited implements kernel.Terminal: as Linux does for a pty,
// the foreground group gets SIGHUP and the session loses the terminal.
func (t *Terminal) SessionLeaderExited(leader *kernel.Task) {
	t.mu.Lock()
	if t.session != leader.TGID {
		t.mu.Unlock()
		return
	}
	sid, pg := t.session, t.pgrp
	t.session, t.pgrp = 0, 0
	t.changed()
	t.mu.Unlock()
	leader.K.ClearControllingTerminal(sid, t)
	if pg != 0 {
		leader.K.SignalProcessGroup(pg, unix.SIGHUP)
	}
}

// masterFile is the master side (an open of /dev/ptmx).
type masterFile struct {
	t        *Terminal
	st       vfs.Stat
	nonblock atomic.Bool
}

var (
	_ vfs.FileImpl    = (*masterFile)(nil)
	_ vfs.WaitingFile = (*masterFile)(nil)
	_ vfs.Pollable    = (*masterFile)(nil)
)

func (m *masterFile) SetNonblock(v bool) { m.nonblock.Store(v) }

func (m *masterFile) Read(p []byte, _ int64) (int, error)  { return m.ReadWait(p, sleeper{}) }
func (m *masterFile) Write(p []byte, _ int64) (int, error) { return m.WriteWait(p, sleeper{}) }

// ReadWait reads what the replica wrote (and echoes). With nothing queued
// and every replica file closed it is EIO, as in Linux.
func (m *masterFile) ReadWait(p []byte, b vfs.Blocker) (int, error) {
	t := m.t
	if len(p) == 0 {
		return 0, nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for len(t.ld.out) == 0 && !(t.ld.packet && t.ld.pkt != 0) {
		if t.otherClosed {
			return 0, unix.EIO
		}
		if m.nonblock.Load() {
			return 0, unix.EAGAIN
		}
		if err := t.wait(b, nil); err != nil {
			return 0, err
		}
	}
	if t.ld.packet {
		// Packet mode: a status byte alone, or TIOCPKT_DATA before data.
		if t.ld.pkt != 0 {
			p[0], t.ld.pkt = t.ld.pkt, 0
			t.changed()
			return 1, nil
		}
		p[0] = 0
		n := copy(p[1:], t.ld.out)
		t.ld.out = t.ld.out[n:]
		t.ld.processEchoes()
		t.changed()
		return n + 1, nil
	}
	n := copy(p, t.ld.out)
	t.ld.out = t.ld.out[n:]
	if len(t.ld.out) == 0 {
		t.ld.out = nil
	}
	t.ld.processEchoes()
	t.changed()
	return n, nil
}

// WriteWait writes input for the replica: it goes through the line
// discipline as far as the replica's input queue has room; the rest waits
// (up to pendingCap), and the writer blocks beyond that.
func (m *masterFile) WriteWait(p []byte, b vfs.Blocker) (int, error) {
	t := m.t
	done := 0
	for {
		t.mu.Lock()
		n := min(len(p)-done, pendingCap-len(t.pending))
		t.pending = append(t.pending, p[done:done+n]...)
		done += n
		sigs, pg := t.process()
		if n > 0 || len(sigs) > 0 {
			t.changed()
		}
		var err error
		if done < len(p) {
			if m.nonblock.Load() {
				err = unix.EAGAIN
			} else {
				err = t.wait(b, nil)
			}
		}
		t.mu.Unlock()
		t.sendSignals(sigs, pg)
		switch {
		case done == len(p):
			return done, nil
		case err != nil && done > 0:
			return done, nil
		case err != nil:
			return 0, err
		}
	}
}

// Readiness implements vfs.Pollable.
func (m *masterFile) Readiness() uint32 {
	t := m.t
	t.mu.Lock()
	defer t.mu.Unlock()
	var r uint32
	if len(t.ld.out) > 0 {
		r |= vfs.PollIn
	}
	if t.ld.packet && t.ld.pkt != 0 {
		r |= vfs.PollPri
	}
	if t.otherClosed {
		r |= vfs.PollHup
	}
	if len(t.pending) < pendingCap {
		r |= vfs.PollOut
	}
	return r
}

// Changed implements vfs.Pollable.
func (m *masterFile) Changed() <-chan struct{} {
	m.t.mu.Lock()
	defer m.t.mu.Unlock()
	return m.t.notify
}

func (m *masterFile) Stat() (vfs.Stat, error)              { return m.st, nil }
func (m *masterFile) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (m *masterFile) Seekable() bool                       { return false }
func (m *masterFile) Mappable() (vfs.Mappable, error)      { return nil, unix.ENODEV }

// Release closes the master: the replica hangs up, its node goes from
// /dev/pts, and the session leader of the session it controls gets SIGHUP
// and SIGCONT.
func (m *masterFile) Release() {
	t := m.t
	t.mu.Lock()
	t.masterOpen, t.hungUp = false, true
	sid := t.session
	t.session, t.pgrp = 0, 0
	t.ld.flushInput()
	t.pending = nil
	free := t.replicas == 0
	t.changed()
	t.mu.Unlock()
	t.fs.remove(t.index, free)
	if sid != 0 && t.k != nil {
		t.k.ClearControllingTerminal(sid, t)
		t.k.SignalProcess(sid, unix.SIGHUP)
		t.k.SignalProcess(sid, unix.SIGCONT)
	}
}

// replicaFile is an open of the replica (/dev/pts/N, /dev/tty, TIOCGPTPEER).
type replicaFile struct {
	t        *Terminal
	st       *vfs.Stat // the node's status when opened as /dev/tty; nil: the pts node's
	nonblock atomic.Bool
	// acquire says whether the open may make t the controlling terminal
	// (not through /dev/tty).
	acquire bool
}

var (
	_ vfs.FileImpl    = (*replicaFile)(nil)
	_ vfs.WaitingFile = (*replicaFile)(nil)
	_ vfs.Pollable    = (*replicaFile)(nil)
	_ kernel.OpenHook = (*replicaFile)(nil)
)

// openReplica opens the replica. Errors: EIO while locked or after the
// master closed.
func (t *Terminal) openReplica(st *vfs.Stat, acquire bool) (*replicaFile, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.locked || !t.masterOpen {
		return nil, unix.EIO
	}
	t.replicas++
	t.otherClosed = false
	t.changed()
	return &replicaFile{t: t, st: st, acquire: acquire}, nil
}

// Opened implements kernel.OpenHook: TIOCEXCL refuses other opens (EBUSY
// without CAP_SYS_ADMIN), and a session leader without a controlling
// terminal that opens a free terminal for reading without O_NOCTTY
// acquires it.
func (r *replicaFile) Opened(tk *kernel.Task, flags int) (vfs.FileImpl, error) {
	t := r.t
	t.mu.Lock()
	excl := t.excl
	t.mu.Unlock()
	if excl && !tk.Creds.HasCap(capSysAdmin) {
		r.Release()
		return nil, unix.EBUSY
	}
	if r.acquire && flags&unix.O_NOCTTY == 0 && flags&unix.O_ACCMODE != unix.O_WRONLY {
		t.mu.Lock()
		if t.session == 0 && !t.hungUp && tk.IsSessionLeader() && tk.ControllingTerminal() == nil {
			t.setCTTYLocked(tk)
		}
		t.mu.Unlock()
	}
	return r, nil
}

const capSysAdmin = 21

// setCTTYLocked makes t tk's controlling terminal (mu held).
func (t *Terminal) setCTTYLocked(tk *kernel.Task) {
	t.session, t.pgrp = tk.Sid(), tk.Pgid()
	tk.SetControllingTerminal(t)
	if t.k == nil {
		t.k = tk.K
	}
}

func (r *replicaFile) SetNonblock(v bool) { r.nonblock.Store(v) }

func (r *replicaFile) Read(p []byte, _ int64) (int, error)  { return r.ReadWait(p, sleeper{}) }
func (r *replicaFile) Write(p []byte, _ int64) (int, error) { return r.WriteWait(p, sleeper{}) }

// ReadWait reads input as n_tty does: a line in canonical mode, else by
// VMIN and VTIME. After a hangup it is end of file.
func (r *replicaFile) ReadWait(p []byte, b vfs.Blocker) (int, error) {
	t := r.t
	if err := t.checkChange(taskOf(b), unix.SIGTTIN); err != nil {
		return 0, err
	}
	t.mu.Lock()
	var sigs []unix.Signal
	var pg int32
	defer func() {
		t.mu.Unlock()
		t.sendSignals(sigs, pg)
	}()
	if len(p) == 0 {
		return 0, nil
	}
	canon := t.ld.canon()
	minimum := 1
	var deadline *time.Time
	var inter time.Duration
	immediate := false
	if !canon {
		vmin, vtime := int(t.ld.tio.CC[vMIN]), time.Duration(t.ld.tio.CC[vTIME])*100*time.Millisecond
		if vmin > 0 {
			minimum, inter = vmin, vtime
		} else if vtime > 0 {
			d := time.Now().Add(vtime)
			deadline = &d
		} else {
			immediate = true
		}
	}
	done := 0
	var err error
	for done < len(p) {
		if t.hungUp {
			break
		}
		if !t.ld.readable(false) {
			if immediate {
				break
			}
			if r.nonblock.Load() {
				err = unix.EAGAIN
				break
			}
			if werr := t.wait(b, deadline); werr != nil {
				if werr != unix.ETIMEDOUT {
					err = werr
				}
				break
			}
			canon = t.ld.canon()
			continue
		}
		n, eof := t.ld.read(p[done:])
		done += n
		s, g := t.process()
		sigs, pg = append(sigs, s...), g
		t.changed()
		if canon || eof {
			break
		}
		if done >= minimum {
			break
		}
		if inter > 0 {
			d := time.Now().Add(inter)
			deadline = &d
		}
	}
	if done > 0 {
		return done, nil
	}
	return 0, err
}

// WriteWait writes output through OPOST processing to the master's queue;
// a background writer under TOSTOP gets SIGTTOU. After a hangup it is EIO.
func (r *replicaFile) WriteWait(p []byte, b vfs.Blocker) (int, error) {
	t := r.t
	t.mu.Lock()
	tostop := t.ld.lflag(unix.TOSTOP)
	t.mu.Unlock()
	if tostop {
		if err := t.checkChange(taskOf(b), unix.SIGTTOU); err != nil {
			return 0, err
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	done := 0
	for {
		if t.hungUp {
			if done > 0 {
				return done, nil
			}
			return 0, unix.EIO
		}
		if !t.ld.stopped {
			n := t.ld.write(p[done:])
			done += n
			if n > 0 {
				t.changed()
			}
		}
		if done == len(p) {
			return done, nil
		}
		var err error
		if r.nonblock.Load() {
			err = unix.EAGAIN
		} else {
			err = t.wait(b, nil)
		}
		if err != nil {
			if done > 0 {
				return done, nil
			}
			return 0, err
		}
	}
}

// Readiness implements vfs.Pollable.
func (r *replicaFile) Readiness() uint32 {
	t := r.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.hungUp {
		return vfs.PollIn | vfs.PollOut | vfs.PollErr | vfs.PollHup
	}
	var v uint32
	if t.ld.readable(true) {
		v |= vfs.PollIn
	}
	if !t.ld.stopped && t.ld.outRoom(8) {
		v |= vfs.PollOut
	}
	return v
}

// Changed implements vfs.Pollable.
func (r *replicaFile) Changed() <-chan struct{} {
	r.t.mu.Lock()
	defer r.t.mu.Unlock()
	return r.t.notify
}

func (r *replicaFile) Stat() (vfs.Stat, error) {
	if r.st != nil {
		return *r.st, nil
	}
	return r.t.nodeStat(), nil
}
func (r *replicaFile) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (r *replicaFile) Seekable() bool                       { return false }
func (r *replicaFile) Mappable() (vfs.Mappable, error)      { return nil, unix.ENODEV }

// Release closes one replica file; with the last, master reads see EIO.
func (r *replicaFile) Release() {
	t := r.t
	t.mu.Lock()
	t.replicas--
	if t.replicas == 0 {
		t.otherClosed = true
	}
	free := t.replicas == 0 && !t.masterOpen
	t.changed()
	t.mu.Unlock()
	if free {
		t.fs.remove(t.index, true)
	}
}

// nodeStat is the replica node's status in devpts.
func (t *Terminal) nodeStat() vfs.Stat {
	return vfs.Stat{Dev: devptsDev, Ino: uint64(t.index) + 3, Mode: unix.S_IFCHR | 0o600, Nlink: 1,
		UID: t.uid, GID: t.gid, Rdev: unix.Mkdev(ptsMajor, t.index), Blksize: 1024,
		Atime: t.created, Mtime: t.created, Ctime: t.created}
}
