// Package unix is AF_UNIX sockets in the sentry: SOCK_STREAM, SOCK_DGRAM
// and SOCK_SEQPACKET between the sandbox's own processes, with Linux's
// connection states, shutdown, buffer limits, blocking that a signal
// interrupts, poll readiness, and ancillary data (SCM_RIGHTS carries open
// file descriptions, SCM_CREDENTIALS the sender's sandbox pid, uid and gid).
//
// Names: abstract names ("\x00...") live in one namespace for the whole
// sandbox (this package's table); a path name is a socket inode that the
// syscall layer makes in a directory that can hold one (vfs.SocketMaker:
// tmpfs) and that points back here (vfs.BoundSocket). Address resolution
// is the caller's: every method here gets the peer as a *Socket.
//
// It never calls the host: a sandbox's unix sockets are all in the sentry.
// Files passed with SCM_RIGHTS that are never received are released with
// the socket that holds them; a cycle of sockets holding each other in
// flight is kept until the sandbox ends (Linux's garbage collector of
// such cycles is not done).
//
// Lock order: mu (all socket state) is taken before filesystem locks
// (binding a path makes an inode under it); no file is released and no
// signal is raised with mu held.
package unix

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	sys "golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

// Limits and defaults, as Linux has them.
const (
	DefaultBuf   = 212992 // net.core.wmem_default / rmem_default
	MaxBuf       = 212992 // net.core.wmem_max / rmem_max (before doubling)
	MinSndBuf    = 4608   // SOCK_MIN_SNDBUF
	MinRcvBuf    = 2304   // SOCK_MIN_RCVBUF
	MaxDgramQlen = 512    // net.unix.max_dgram_qlen
	MaxRights    = 253    // SCM_MAX_FD
	SoMaxConn    = 4096   // net.core.somaxconn
)

// Poll bits beyond vfs.Poll*.
const (
	pollRdNorm = 0x40
	pollWrNorm = 0x100
	pollWrBand = 0x200
	PollRdHup  = 0x2000
)

type state int

const (
	stateNone state = iota
	stateListen
	stateConnected
)

// Cred is a process's identity as a unix socket passes it.
type Cred struct {
	PID      int32
	UID, GID uint32
}

// Control is a message's ancillary data.
type Control struct {
	Rights []*vfs.File // SCM_RIGHTS: one reference each, owned by the holder
	Cred   *Cred       // SCM_CREDENTIALS
	// ChargeUID is whose in-flight count Rights were charged to.
	ChargeUID uint32
}

type message struct {
	data   []byte
	off    int // stream: bytes already read
	from   string
	sender *Socket
	rights []*vfs.File
	charge uint32
	cred   Cred
}

var (
	mu       sync.Mutex
	notify   = make(chan struct{})  // closed and replaced at every change
	abstract = map[absKey]*Socket{} // each type has its own names, as in Linux
	inflight = map[uint32]int{}     // files in flight per uid
	autoName uint32
	live     = map[*Socket]struct{}{} // open sockets, for /proc/net/unix
	nextIno  atomic.Uint64
)

func init() { nextIno.Store(100000) }

type absKey struct {
	typ  int
	name string
}

// changed wakes every waiter (mu held).
func changed() {
	close(notify)
	notify = make(chan struct{})
}

// wait releases mu while w waits for the next change (mu held on return).
func wait(w vfs.Blocker) error {
	ch := notify
	mu.Unlock()
	err := w.Wait(ch)
	mu.Lock()
	return err
}

// Deadliner is a blocker that can also wait with a deadline (the task):
// SO_RCVTIMEO and SO_SNDTIMEO use it.
type Deadliner interface {
	Block(ch <-chan struct{}, deadline *time.Time) error
}

// timed waits through d until deadline: a wait past it is EAGAIN, and an
// interrupted one EINTR (a call with a timeout is not restarted, as in
// Linux).
type timed struct {
	d        Deadliner
	deadline time.Time
}

func (b timed) Wait(ch <-chan struct{}) error {
	err := b.d.Block(ch, &b.deadline)
	switch {
	case err == nil:
		return nil
	case err == sys.ETIMEDOUT:
		return sys.EAGAIN
	}
	return sys.EINTR
}

// withTimeout returns w bounded by timeout d (mu held for d's read).
func withTimeout(w vfs.Blocker, d time.Duration) vfs.Blocker {
	if d <= 0 {
		return w
	}
	if dl, ok := w.(Deadliner); ok {
		return timed{dl, time.Now().Add(d)}
	}
	return w
}

// Timeout returns SO_RCVTIMEO (snd false) or SO_SNDTIMEO.
func (s *Socket) Timeout(snd bool) time.Duration {
	mu.Lock()
	defer mu.Unlock()
	if snd {
		return s.sndTimeo
	}
	return s.rcvTimeo
}

// SetTimeout sets SO_RCVTIMEO (snd false) or SO_SNDTIMEO; 0 is none.
func (s *Socket) SetTimeout(snd bool, d time.Duration) {
	mu.Lock()
	defer mu.Unlock()
	if snd {
		s.sndTimeo = d
	} else {
		s.rcvTimeo = d
	}
}

type sleeper struct{}

func (sleeper) Wait(ch <-chan struct{}) error { <-ch; return nil }

// Socket is one AF_UNIX socket.
type Socket struct {
	typ      int
	ino      uint64
	uid, gid uint32
	nonblock atomic.Bool

	// Guarded by mu.
	name     string // bound name: "\x00..." abstract, else a path; "" unbound
	state    state
	closed   bool
	peer     *Socket
	backlog  int
	acceptQ  []*Socket
	rq       []*message
	sent     int // bytes this socket has queued at others, not yet read
	rcvShut  bool
	sndShut  bool
	err      sys.Errno
	sndbuf   int
	rcvbuf   int
	passcred bool
	cred     Cred // this socket's own (socketpair, connect, listen)
	peerCred Cred
	hasPeer  bool // peerCred is set
	embryo   bool // in a listener's accept queue
	opts     map[int]int
	rcvTimeo time.Duration // SO_RCVTIMEO (0: none)
	sndTimeo time.Duration // SO_SNDTIMEO
}

var (
	_ vfs.FileImpl    = (*Socket)(nil)
	_ vfs.Pollable    = (*Socket)(nil)
	_ vfs.WaitingFile = (*Socket)(nil)
)

func newSocket(typ int, c Cred) *Socket {
	mu.Lock()
	defer mu.Unlock()
	return newSocketLocked(typ, c)
}

// newSocketLocked is newSocket with mu held.
func newSocketLocked(typ int, c Cred) *Socket {
	s := &Socket{typ: typ, ino: nextIno.Add(1), uid: c.UID, gid: c.GID, sndbuf: DefaultBuf, rcvbuf: DefaultBuf, cred: c}
	live[s] = struct{}{}
	return s
}

// ValidType reports whether typ is a unix socket type this package serves.
func ValidType(typ int) bool {
	return typ == sys.SOCK_STREAM || typ == sys.SOCK_DGRAM || typ == sys.SOCK_SEQPACKET
}

// New makes an unbound, unconnected socket of typ (ValidType) for c.
func New(typ int, c Cred) *Socket { return newSocket(typ, c) }

// Pair makes two connected sockets (socketpair).
func Pair(typ int, c Cred) (*Socket, *Socket) {
	a, b := newSocket(typ, c), newSocket(typ, c)
	a.peer, b.peer = b, a
	a.state, b.state = stateConnected, stateConnected
	a.peerCred, b.peerCred, a.hasPeer, b.hasPeer = c, c, true, true
	return a, b
}

// Type returns SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET.
func (s *Socket) Type() int { return s.typ }

// Nonblock reports O_NONBLOCK.
func (s *Socket) Nonblock() bool { return s.nonblock.Load() }

// SetNonblock is called by vfs when O_NONBLOCK changes.
func (s *Socket) SetNonblock(v bool) { s.nonblock.Store(v) }

// FileName implements vfs.Named ("socket:[INO]").
func (s *Socket) FileName() string { return fmt.Sprintf("socket:[%d]", s.ino) }

// Ino returns the socket's inode number.
func (s *Socket) Ino() uint64 { return s.ino }

// Bind names the socket: name "" autobinds an abstract name; a name that
// starts with NUL is abstract; any other is a path, for which mkPath makes
// the socket inode (called with mu held). Errors: EINVAL (already bound),
// EADDRINUSE, and mkPath's.
func (s *Socket) Bind(name string, mkPath func() error) error {
	mu.Lock()
	defer mu.Unlock()
	if s.name != "" {
		return sys.EINVAL
	}
	return s.bindLocked(name, mkPath)
}

func (s *Socket) bindLocked(name string, mkPath func() error) error {
	switch {
	case name == "":
		for i := 0; ; i++ {
			if i > 1<<20 {
				return sys.ENOSPC
			}
			autoName = (autoName + 1) & 0xfffff
			n := fmt.Sprintf("\x00%05x", autoName)
			if abstract[absKey{s.typ, n}] == nil {
				name = n
				break
			}
		}
		abstract[absKey{s.typ, name}] = s
	case name[0] == 0:
		if abstract[absKey{s.typ, name}] != nil {
			return sys.EADDRINUSE
		}
		abstract[absKey{s.typ, name}] = s
	default:
		if err := mkPath(); err != nil {
			return err
		}
	}
	s.name = name
	return nil
}

// LookupAbstract returns the socket of type typ bound to an abstract
// name. Errors: ECONNREFUSED.
func LookupAbstract(name string, typ int) (*Socket, error) {
	mu.Lock()
	defer mu.Unlock()
	s := abstract[absKey{typ, name}]
	if s == nil || s.closed {
		return nil, sys.ECONNREFUSED
	}
	return s, nil
}

// Listen makes a bound stream or seqpacket socket accept connections.
// Errors: EOPNOTSUPP (datagram), EINVAL (unbound or connected).
func (s *Socket) Listen(backlog int, c Cred) error {
	if s.typ == sys.SOCK_DGRAM {
		return sys.EOPNOTSUPP
	}
	if backlog < 0 || backlog > SoMaxConn {
		backlog = SoMaxConn
	}
	mu.Lock()
	defer mu.Unlock()
	if s.name == "" || s.state == stateConnected {
		return sys.EINVAL
	}
	s.state = stateListen
	s.backlog = backlog
	s.cred = c
	changed()
	return nil
}

// Connect connects s to to (nil: a datagram socket's AF_UNSPEC
// disconnect). A stream or seqpacket connect waits for room in the
// listener's backlog unless nonblock (EAGAIN). Errors: ECONNREFUSED,
// EPROTOTYPE, EISCONN, EINVAL (listening), EPERM (a datagram peer
// connected elsewhere), EAGAIN, the blocker's.
func (s *Socket) Connect(to *Socket, c Cred, nonblock bool, w vfs.Blocker) error {
	mu.Lock()
	defer mu.Unlock()
	w = withTimeout(w, s.sndTimeo)
	if s.typ == sys.SOCK_DGRAM {
		if to == nil {
			s.peer, s.state = nil, stateNone
			changed()
			return nil
		}
		if to.typ != s.typ {
			return sys.EPROTOTYPE
		}
		if to.closed {
			return sys.ECONNREFUSED
		}
		if to != s && to.peer != nil && to.peer != s && !to.peer.closed {
			return sys.EPERM
		}
		s.peer, s.state = to, stateConnected
		changed()
		return nil
	}
	if to == nil {
		return sys.EAFNOSUPPORT
	}
	for {
		switch s.state {
		case stateListen:
			return sys.EINVAL
		case stateConnected:
			return sys.EISCONN
		}
		if to.typ != s.typ {
			return sys.EPROTOTYPE
		}
		if to.closed || to.state != stateListen {
			return sys.ECONNREFUSED
		}
		if len(to.acceptQ) <= to.backlog {
			break
		}
		if nonblock {
			return sys.EAGAIN
		}
		if err := wait(w); err != nil {
			return err
		}
	}
	srv := newSocketLocked(s.typ, to.cred)
	srv.name = to.name
	srv.passcred = to.passcred
	srv.state, srv.peer, srv.peerCred, srv.hasPeer, srv.embryo = stateConnected, s, c, true, true
	s.state, s.peer, s.peerCred, s.hasPeer = stateConnected, srv, to.cred, true
	to.acceptQ = append(to.acceptQ, srv)
	changed()
	return nil
}

// Accept takes the next connection. Errors: EOPNOTSUPP (datagram),
// EINVAL (not listening), EAGAIN, the blocker's.
func (s *Socket) Accept(nonblock bool, w vfs.Blocker) (*Socket, error) {
	if s.typ == sys.SOCK_DGRAM {
		return nil, sys.EOPNOTSUPP
	}
	mu.Lock()
	defer mu.Unlock()
	w = withTimeout(w, s.rcvTimeo)
	for {
		if s.state != stateListen {
			return nil, sys.EINVAL
		}
		if len(s.acceptQ) > 0 {
			break
		}
		if nonblock || s.nonblock.Load() {
			return nil, sys.EAGAIN
		}
		if err := wait(w); err != nil {
			return nil, err
		}
	}
	c := s.acceptQ[0]
	s.acceptQ = s.acceptQ[1:]
	c.embryo = false
	changed()
	return c, nil
}

// Name returns the bound name ("" unbound).
func (s *Socket) Name() string {
	mu.Lock()
	defer mu.Unlock()
	return s.name
}

// PeerName returns the peer's bound name. Errors: ENOTCONN.
func (s *Socket) PeerName() (string, error) {
	mu.Lock()
	defer mu.Unlock()
	if s.state != stateConnected || s.peer == nil {
		return "", sys.ENOTCONN
	}
	return s.peer.name, nil
}

// Shutdown is shutdown(2): how is SHUT_RD, SHUT_WR or SHUT_RDWR.
// Errors: EINVAL (an unconnected unix socket is no error, as in Linux).
func (s *Socket) Shutdown(how int) error {
	if how < sys.SHUT_RD || how > sys.SHUT_RDWR {
		return sys.EINVAL
	}
	rd, wr := how != sys.SHUT_WR, how != sys.SHUT_RD
	mu.Lock()
	defer mu.Unlock()
	s.rcvShut = s.rcvShut || rd
	s.sndShut = s.sndShut || wr
	if p := s.peer; p != nil && s.typ != sys.SOCK_DGRAM {
		p.sndShut = p.sndShut || rd
		p.rcvShut = p.rcvShut || wr
	}
	changed()
	return nil
}

// SendOpts are the parts of a send beyond its bytes.
type SendOpts struct {
	To       *Socket // sendto's destination (datagram), nil: the peer
	HasTo    bool    // an address was given
	DontWait bool
	Ctl      Control // ownership of Ctl.Rights passes to the socket on success
	Cred     Cred    // the sender's identity (attached to every message)
}

// Send sends b. Errors: ENOTCONN, EISCONN, EOPNOTSUPP, EPIPE (the caller
// raises SIGPIPE), EMSGSIZE, ECONNREFUSED, EPERM, EAGAIN, the blocker's.
// Send always takes o.Ctl.Rights: queued with the message, or released
// when nothing carries them (an error, or an empty stream write, which
// sends nothing as in Linux).
func (s *Socket) Send(b []byte, o SendOpts, w vfs.Blocker) (int, error) {
	taken := false
	n, err := s.send(b, o, w, &taken)
	if !taken {
		for _, f := range o.Ctl.Rights {
			f.DecRef()
		}
	}
	return n, err
}

func (s *Socket) send(b []byte, o SendOpts, w vfs.Blocker, taken *bool) (int, error) {
	mu.Lock()
	defer mu.Unlock()
	w = withTimeout(w, s.sndTimeo)
	nonblock := o.DontWait || s.nonblock.Load()
	if s.typ == sys.SOCK_STREAM {
		return s.sendStream(b, o, nonblock, w, taken)
	}
	to := o.To
	if s.typ == sys.SOCK_SEQPACKET {
		if s.state != stateConnected {
			return 0, sys.ENOTCONN
		}
		to = s.peer
	} else if to == nil {
		if s.peer == nil {
			return 0, sys.ENOTCONN
		}
		to = s.peer
	}
	if len(b) > s.sndbuf-32 {
		return 0, sys.EMSGSIZE
	}
	for {
		if s.sndShut {
			return 0, sys.EPIPE
		}
		if to.closed {
			if s.typ == sys.SOCK_SEQPACKET {
				return 0, sys.EPIPE
			}
			if to == s.peer {
				s.peer, s.state = nil, stateNone
			}
			return 0, sys.ECONNREFUSED
		}
		if to.typ != s.typ {
			return 0, sys.EPROTOTYPE
		}
		if s.typ == sys.SOCK_DGRAM && to != s && to.peer != nil && to.peer != s && !to.peer.closed {
			return 0, sys.EPERM
		}
		if to.rcvShut && s.typ == sys.SOCK_SEQPACKET {
			return 0, sys.EPIPE
		}
		if len(to.rq) <= MaxDgramQlen && s.sent+len(b) <= s.sndbuf {
			break
		}
		if nonblock {
			return 0, sys.EAGAIN
		}
		if err := wait(w); err != nil {
			return 0, err
		}
	}
	m := &message{data: append([]byte(nil), b...), from: s.name, sender: s, cred: o.Cred}
	s.attach(m, o.Ctl)
	*taken = true
	to.rq = append(to.rq, m)
	s.sent += len(b)
	changed()
	return len(b), nil
}

func (s *Socket) attach(m *message, c Control) {
	if len(c.Rights) > 0 {
		m.rights = c.Rights
		m.charge = c.ChargeUID
		inflight[c.ChargeUID] += len(c.Rights)
	}
}

func (s *Socket) sendStream(b []byte, o SendOpts, nonblock bool, w vfs.Blocker, taken *bool) (int, error) {
	if o.HasTo {
		if s.state == stateConnected {
			return 0, sys.EISCONN
		}
		return 0, sys.EOPNOTSUPP
	}
	if s.state != stateConnected {
		return 0, sys.ENOTCONN
	}
	done := 0
	first := true
	for first || done < len(b) {
		p := s.peer
		if s.sndShut || p.closed || p.rcvShut {
			if done > 0 {
				return done, nil
			}
			return 0, sys.EPIPE
		}
		if len(b) == 0 {
			return 0, nil
		}
		if s.sent >= s.sndbuf {
			if nonblock {
				if done > 0 {
					return done, nil
				}
				return 0, sys.EAGAIN
			}
			if err := wait(w); err != nil {
				if done > 0 {
					return done, nil
				}
				return 0, err
			}
			continue
		}
		n := min(len(b)-done, s.sndbuf/2-64, s.sndbuf-s.sent)
		if n < 0 {
			n = 0
		}
		m := &message{data: append([]byte(nil), b[done:done+n]...), from: s.name, sender: s, cred: o.Cred}
		if first {
			s.attach(m, o.Ctl)
			*taken = true
		}
		first = false
		p.rq = append(p.rq, m)
		s.sent += n
		done += n
		changed()
	}
	return done, nil
}

// RecvOpts are recv's flags.
type RecvOpts struct {
	Peek, WaitAll, DontWait, Trunc bool
}

// RecvResult is what a receive got.
type RecvResult struct {
	N     int    // bytes copied into the buffer
	Len   int    // the message's whole length (datagram, seqpacket)
	From  string // the sender's bound name
	Ctl   Control
	Trunc bool // the message did not fit (MSG_TRUNC in msg_flags)
}

// Recv receives into b. Errors: EINVAL (an unconnected stream), ENOTCONN
// (an unconnected seqpacket), EAGAIN, ECONNRESET (once, after a peer
// closed with data unread), the blocker's. The caller owns r.Ctl.Rights.
func (s *Socket) Recv(b []byte, o RecvOpts, w vfs.Blocker) (RecvResult, error) {
	mu.Lock()
	defer mu.Unlock()
	w = withTimeout(w, s.rcvTimeo)
	nonblock := o.DontWait || s.nonblock.Load()
	if s.typ == sys.SOCK_STREAM {
		return s.recvStream(b, o, nonblock, w)
	}
	if s.typ == sys.SOCK_SEQPACKET && s.state != stateConnected {
		return RecvResult{}, sys.ENOTCONN
	}
	for len(s.rq) == 0 {
		if s.err != 0 {
			e := s.err
			s.err = 0
			return RecvResult{}, e
		}
		if s.rcvShut {
			return RecvResult{}, nil
		}
		if nonblock {
			return RecvResult{}, sys.EAGAIN
		}
		if err := wait(w); err != nil {
			return RecvResult{}, err
		}
	}
	m := s.rq[0]
	r := RecvResult{N: copy(b, m.data), Len: len(m.data), From: m.from}
	r.Trunc = r.N < r.Len
	s.deliver(m, &r, o.Peek)
	if !o.Peek {
		s.rq = s.rq[1:]
		m.sender.sent -= len(m.data)
		changed()
	}
	return r, nil
}

// deliver moves (or, peeking, copies) m's control data into r (mu held).
func (s *Socket) deliver(m *message, r *RecvResult, peek bool) {
	if s.passcred {
		c := m.cred
		r.Ctl.Cred = &c
	}
	if len(m.rights) == 0 {
		return
	}
	if peek {
		for _, f := range m.rights {
			f.IncRef()
		}
		r.Ctl.Rights = append([]*vfs.File(nil), m.rights...)
		return
	}
	r.Ctl.Rights = m.rights
	inflight[m.charge] -= len(m.rights)
	m.rights = nil
}

func (s *Socket) recvStream(b []byte, o RecvOpts, nonblock bool, w vfs.Blocker) (RecvResult, error) {
	var r RecvResult
	if s.state != stateConnected {
		return r, sys.EINVAL
	}
	target := 1
	if o.WaitAll && !o.Peek {
		target = len(b)
	}
	if len(b) == 0 {
		return r, nil
	}
	var cred *Cred
	for {
		i := 0
		for i < len(s.rq) && r.N < len(b) {
			m := s.rq[i]
			if s.passcred && cred != nil && *cred != m.cred {
				break
			}
			if r.N == 0 {
				r.From = m.from
			}
			n := copy(b[r.N:], m.data[m.off:])
			r.N += n
			c := m.cred
			cred = &c
			s.deliver(m, &r, o.Peek)
			if !o.Peek {
				m.off += n
				m.sender.sent -= n
				if m.off == len(m.data) {
					s.rq = s.rq[1:]
				}
				changed()
			} else {
				i++
			}
			if len(r.Ctl.Rights) > 0 {
				return r, nil
			}
		}
		if r.N >= target {
			return r, nil
		}
		if r.N == 0 && s.err != 0 {
			e := s.err
			s.err = 0
			return r, e
		}
		if s.rcvShut || (o.Peek && r.N > 0) {
			return r, nil
		}
		if nonblock {
			if r.N > 0 {
				return r, nil
			}
			return r, sys.EAGAIN
		}
		if err := wait(w); err != nil {
			if r.N > 0 {
				return r, nil
			}
			return r, err
		}
	}
}

// Release implements vfs.FileImpl: the socket closes. Files in flight in
// its queue are released; a stream or seqpacket peer sees the connection
// end (ECONNRESET when this side left data unread).
func (s *Socket) Release() {
	mu.Lock()
	var drop []*vfs.File
	for _, c := range s.acceptQ {
		drop = append(drop, c.releaseLocked()...)
	}
	s.acceptQ = nil
	drop = append(drop, s.releaseLocked()...)
	if k := (absKey{s.typ, s.name}); abstract[k] == s {
		delete(abstract, k)
	}
	changed()
	mu.Unlock()
	for _, f := range drop {
		f.DecRef()
	}
}

func (s *Socket) releaseLocked() []*vfs.File {
	s.closed = true
	delete(live, s)
	if p := s.peer; p != nil && s.typ != sys.SOCK_DGRAM {
		p.rcvShut, p.sndShut = true, true
		if len(s.rq) > 0 || s.embryo {
			p.err = sys.ECONNRESET
		}
	}
	var drop []*vfs.File
	for _, m := range s.rq {
		m.sender.sent -= len(m.data) - m.off
		if len(m.rights) > 0 {
			inflight[m.charge] -= len(m.rights)
			drop = append(drop, m.rights...)
		}
	}
	s.rq = nil
	return drop
}

// ProcNetUnix is /proc/net/unix: every open socket of the sandbox, in
// Linux's format (kernel addresses shown as zeros, as to an unprivileged
// reader).
func ProcNetUnix() string {
	mu.Lock()
	socks := make([]*Socket, 0, len(live))
	for s := range live {
		socks = append(socks, s)
	}
	type row struct {
		ino       uint64
		flags, st int
		typ       int
		name      string
	}
	rows := make([]row, 0, len(socks))
	for _, s := range socks {
		r := row{ino: s.ino, typ: s.typ, st: 1, name: s.name}
		if s.state == stateListen {
			r.flags = 0x10000
		}
		if s.state == stateConnected && s.typ != sys.SOCK_DGRAM {
			r.st = 3
		}
		rows = append(rows, r)
	}
	mu.Unlock()
	sort.Slice(rows, func(i, j int) bool { return rows[i].ino < rows[j].ino })
	var b strings.Builder
	b.WriteString("Num       RefCount Protocol Flags    Type St Inode Path\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "0000000000000000: 00000002 00000000 %08X %04X %02X %5d", r.flags, r.typ, r.st, r.ino)
		if r.name != "" {
			b.WriteByte(' ')
			b.WriteString(strings.ReplaceAll(r.name, "\x00", "@"))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// InFlight returns how many files uid has in flight (RLIMIT_NOFILE bounds it).
func InFlight(uid uint32) int {
	mu.Lock()
	defer mu.Unlock()
	return inflight[uid]
}

// Readiness implements vfs.Pollable, as Linux's unix_poll and
// unix_dgram_poll report.
func (s *Socket) Readiness() uint32 {
	mu.Lock()
	defer mu.Unlock()
	var r uint32
	if s.err != 0 {
		r |= vfs.PollErr
	}
	if s.rcvShut && s.sndShut {
		r |= vfs.PollHup
	}
	if s.rcvShut {
		r |= PollRdHup | vfs.PollIn | pollRdNorm
	}
	if len(s.rq) > 0 || len(s.acceptQ) > 0 {
		r |= vfs.PollIn | pollRdNorm
	}
	if s.typ != sys.SOCK_DGRAM && s.state == stateNone {
		r |= vfs.PollHup
	}
	if s.state != stateListen && s.sent*4 <= s.sndbuf {
		writable := true
		if p := s.peer; s.typ != sys.SOCK_STREAM && p != nil && p.peer != s && len(p.rq) > MaxDgramQlen {
			writable = false
		}
		if writable {
			r |= vfs.PollOut | pollWrNorm | pollWrBand
		}
	}
	return r
}

// Changed implements vfs.Pollable.
func (s *Socket) Changed() <-chan struct{} {
	mu.Lock()
	defer mu.Unlock()
	return notify
}

// Options.

// BufSizes returns SO_SNDBUF and SO_RCVBUF.
func (s *Socket) BufSizes() (snd, rcv int) {
	mu.Lock()
	defer mu.Unlock()
	return s.sndbuf, s.rcvbuf
}

// SetBuf sets SO_SNDBUF (snd) or SO_RCVBUF: doubled, within Linux's bounds.
func (s *Socket) SetBuf(snd bool, v int) {
	v = min(max(v, 0), MaxBuf) * 2
	mu.Lock()
	defer mu.Unlock()
	if snd {
		s.sndbuf = max(v, MinSndBuf)
	} else {
		s.rcvbuf = max(v, MinRcvBuf)
	}
	changed()
}

// PassCred returns and SetPassCred sets SO_PASSCRED.
func (s *Socket) PassCred() bool {
	mu.Lock()
	defer mu.Unlock()
	return s.passcred
}
func (s *Socket) SetPassCred(v bool) {
	mu.Lock()
	s.passcred = v
	mu.Unlock()
}

// PeerCred returns SO_PEERCRED: the peer's identity when it connected
// (or listened); ok false when there is none.
func (s *Socket) PeerCred() (Cred, bool) {
	mu.Lock()
	defer mu.Unlock()
	return s.peerCred, s.hasPeer
}

// IntOpt returns and SetIntOpt sets an option that is only remembered
// (SO_REUSEADDR, SO_KEEPALIVE...: nothing in a unix socket uses them).
func (s *Socket) IntOpt(k int) int {
	mu.Lock()
	defer mu.Unlock()
	return s.opts[k]
}
func (s *Socket) SetIntOpt(k, v int) {
	mu.Lock()
	defer mu.Unlock()
	if s.opts == nil {
		s.opts = make(map[int]int)
	}
	s.opts[k] = v
}

// TakeError returns and clears SO_ERROR.
func (s *Socket) TakeError() sys.Errno {
	mu.Lock()
	defer mu.Unlock()
	e := s.err
	s.err = 0
	return e
}

// Listening reports SO_ACCEPTCONN.
func (s *Socket) Listening() bool {
	mu.Lock()
	defer mu.Unlock()
	return s.state == stateListen
}

// Queued returns SIOCINQ: bytes unread (a stream), or the next message's
// length (datagram, seqpacket).
func (s *Socket) Queued() int {
	mu.Lock()
	defer mu.Unlock()
	if s.state == stateListen {
		return 0
	}
	if s.typ != sys.SOCK_STREAM {
		if len(s.rq) == 0 {
			return 0
		}
		return len(s.rq[0].data)
	}
	n := 0
	for _, m := range s.rq {
		n += len(m.data) - m.off
	}
	return n
}

// Outstanding returns SIOCOUTQ: bytes sent and not yet read.
func (s *Socket) Outstanding() int {
	mu.Lock()
	defer mu.Unlock()
	return s.sent
}

// vfs.FileImpl.

// Read implements vfs.FileImpl (an uninterruptible wait).
func (s *Socket) Read(p []byte, _ int64) (int, error) { return s.ReadWait(p, sleeper{}) }

// Write implements vfs.FileImpl (an uninterruptible wait).
func (s *Socket) Write(p []byte, _ int64) (int, error) { return s.WriteWait(p, sleeper{}) }

// ReadWait implements vfs.WaitingFile: recv with no flags.
func (s *Socket) ReadWait(p []byte, w vfs.Blocker) (int, error) {
	r, err := s.Recv(p, RecvOpts{}, w)
	for _, f := range r.Ctl.Rights {
		f.DecRef()
	}
	return r.N, err
}

// WriteWait implements vfs.WaitingFile: send with no flags (the caller
// raises SIGPIPE on EPIPE).
func (s *Socket) WriteWait(p []byte, w vfs.Blocker) (int, error) {
	return s.Send(p, SendOpts{Cred: s.cred}, w)
}

// Stat implements vfs.FileImpl.
func (s *Socket) Stat() (vfs.Stat, error) {
	return vfs.Stat{Mode: sys.S_IFSOCK | 0o777, Ino: s.ino, Nlink: 1, UID: s.uid, GID: s.gid, Blksize: 4096, Dev: 0x8}, nil
}

func (s *Socket) Getdents(int64) ([]vfs.Dirent, error) { return nil, sys.ENOTDIR }
func (s *Socket) Seekable() bool                       { return false }
func (s *Socket) Mappable() (vfs.Mappable, error)      { return nil, sys.ENODEV }

// Ioctl implements SIOCINQ (FIONREAD) and SIOCOUTQ (TIOCOUTQ).
func (s *Socket) Ioctl(t vfs.IoctlTarget, req uint, arg uintptr) (uintptr, error) {
	var n int
	switch req {
	case 0x541b: // FIONREAD, SIOCINQ
		n = s.Queued()
	case 0x5411: // TIOCOUTQ, SIOCOUTQ
		n = s.Outstanding()
	default:
		return 0, sys.ENOTTY
	}
	b := []byte{byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24)}
	if _, err := t.CopyOut(arg, b); err != nil {
		return 0, sys.EFAULT
	}
	return 0, nil
}
