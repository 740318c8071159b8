package syscalls

import (
	"encoding/binary"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
	unixsock "husk/sentry/socket/unix"
	"husk/sentry/vfs"
)

// Sockets: AF_UNIX in the sentry (sentry/socket/unix). Every other family
// is EAFNOSUPPORT: husk serves no network yet.

func init() {
	const fam = "AF_UNIX only (other families: EAFNOSUPPORT)"
	reg("socket", Partial, fam+"; SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET", sysSocket)
	reg("socketpair", Partial, fam, sysSocketpair)
	reg("bind", Partial, "abstract names; paths in directories that can hold a socket file (tmpfs); elsewhere (the gofer's host directories) EPERM", sysBind)
	reg("listen", Supported, "", sysListen)
	reg("accept", Supported, "", sysAccept)
	reg("accept4", Supported, "", sysAccept4)
	reg("connect", Supported, "", sysConnect)
	reg("getsockname", Supported, "", sysGetsockname)
	reg("getpeername", Supported, "", sysGetpeername)
	reg("sendto", Partial, "no MSG_OOB (EOPNOTSUPP)", sysSendto)
	reg("recvfrom", Partial, "no MSG_OOB (EOPNOTSUPP), no MSG_ERRQUEUE", sysRecvfrom)
	reg("sendmsg", Partial, "SCM_RIGHTS, SCM_CREDENTIALS; no MSG_OOB", sysSendmsg)
	reg("recvmsg", Partial, "SCM_RIGHTS, SCM_CREDENTIALS; no MSG_OOB, no MSG_ERRQUEUE", sysRecvmsg)
	reg("sendmmsg", Partial, "as sendmsg", sysSendmmsg)
	reg("recvmmsg", Partial, "as recvmsg; the timeout is checked between messages only", sysRecvmmsg)
	reg("shutdown", Supported, "", sysShutdown)
	reg("setsockopt", Partial, "SOL_SOCKET: SO_SNDBUF, SO_RCVBUF, SO_PASSCRED, SO_RCVTIMEO, SO_SNDTIMEO, SO_REUSEADDR, SO_KEEPALIVE (remembered); others ENOPROTOOPT", sysSetsockopt)
	for name, kinds := range map[string]string{
		"socket": "dxd", "socketpair": "dxdx", "bind": "dxd", "connect": "dxd", "listen": "dd",
		"accept": "dxx", "accept4": "dxxx", "getsockname": "dxx", "getpeername": "dxx",
		"sendto": "dbnxxd", "recvfrom": "dbnxxx", "sendmsg": "dxx", "recvmsg": "dxx",
		"sendmmsg": "dxdx", "recvmmsg": "dxdxx", "shutdown": "dd", "setsockopt": "dddxd", "getsockopt": "dddxx",
	} {
		straceArgs[name] = kinds
	}
	reg("getsockopt", Partial, "SOL_SOCKET: SO_TYPE, SO_ERROR, SO_SNDBUF, SO_RCVBUF, SO_PASSCRED, SO_RCVTIMEO, SO_SNDTIMEO, SO_PEERCRED, SO_DOMAIN, SO_PROTOCOL, SO_ACCEPTCONN, SO_REUSEADDR, SO_KEEPALIVE; others ENOPROTOOPT", sysGetsockopt)
}

const (
	sockTypeMask = 0xf
	sockMax      = 11 // SOCK_MAX
	afMax        = 46 // AF_MAX
	sunPathMax   = 108
	msgOOB       = 0x1
	msgPeek      = 0x2
	msgTrunc     = 0x20
	msgDontWait  = 0x40
	msgWaitAll   = 0x100
	msgNoSignal  = 0x4000
	msgCTrunc    = 0x8
	msgCmsgCloex = 0x40000000
	maxControl   = 1 << 16 // bound on msg_controllen we read
)

// sockCred is the caller as SO_PEERCRED reports it (effective ids).
func sockCred(t *kernel.Task) unixsock.Cred {
	return unixsock.Cred{PID: t.TGID, UID: t.Creds.EUID, GID: t.Creds.EGID}
}

// msgCred is the caller as SCM_CREDENTIALS reports it (real ids).
func msgCred(t *kernel.Task) unixsock.Cred {
	return unixsock.Cred{PID: t.TGID, UID: t.Creds.UID, GID: t.Creds.GID}
}

// sockType decodes socket(2)'s type argument. Errors: EINVAL,
// ESOCKTNOSUPPORT.
func sockType(v uintptr) (typ int, flags int, err error) {
	typ = int(v) & sockTypeMask
	flags = int(v) &^ sockTypeMask
	if flags&^(unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC) != 0 || typ >= sockMax || typ == 0 {
		return 0, 0, unix.EINVAL
	}
	if typ == unix.SOCK_RAW { // unix_create makes SOCK_RAW a datagram socket
		typ = unix.SOCK_DGRAM
	}
	if !unixsock.ValidType(typ) {
		return 0, 0, unix.ESOCKTNOSUPPORT
	}
	return typ, flags, nil
}

func checkFamily(domain, proto uintptr) error {
	if int32(domain) != unix.AF_UNIX {
		return unix.EAFNOSUPPORT
	}
	if proto != 0 && proto != unix.AF_UNIX {
		return unix.EPROTONOSUPPORT
	}
	return nil
}

func sysSocket(t *kernel.Task, a Args) (uintptr, error) {
	if int32(a[0]) < 0 || int32(a[0]) >= afMax {
		return 0, unix.EAFNOSUPPORT
	}
	if int(a[1])&sockTypeMask >= sockMax || int(a[1])&^(sockTypeMask|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC) != 0 {
		return 0, unix.EINVAL
	}
	if err := checkFamily(a[0], a[2]); err != nil {
		return 0, err
	}
	typ, flags, err := sockType(a[1])
	if err != nil {
		return 0, err
	}
	s := unixsock.New(typ, sockCred(t))
	return installNew(t, s, unix.O_RDWR|flags&unix.O_NONBLOCK, flags&unix.SOCK_CLOEXEC != 0)
}

func sysSocketpair(t *kernel.Task, a Args) (uintptr, error) {
	if int32(a[0]) < 0 || int32(a[0]) >= afMax {
		return 0, unix.EAFNOSUPPORT
	}
	if err := checkFamily(a[0], a[2]); err != nil {
		return 0, err
	}
	typ, flags, err := sockType(a[1])
	if err != nil {
		return 0, err
	}
	x, y := unixsock.Pair(typ, sockCred(t))
	fx := vfs.NewFile(x, nil, unix.O_RDWR|flags&unix.O_NONBLOCK)
	fy := vfs.NewFile(y, nil, unix.O_RDWR|flags&unix.O_NONBLOCK)
	defer fx.DecRef()
	defer fy.DecRef()
	cloexec := flags&unix.SOCK_CLOEXEC != 0
	dx, err := t.FDs.Install(fx, 0, cloexec)
	if err != nil {
		return 0, err
	}
	dy, err := t.FDs.Install(fy, 0, cloexec)
	if err != nil {
		t.FDs.Remove(dx)
		return 0, err
	}
	b := binary.LittleEndian.AppendUint32(nil, uint32(dx))
	b = binary.LittleEndian.AppendUint32(b, uint32(dy))
	if _, err := t.MM.CopyOut(a[3], b); err != nil {
		t.FDs.Remove(dx)
		t.FDs.Remove(dy)
		return 0, unix.EFAULT
	}
	return 0, nil
}

// sockOf returns fd's file and socket. Errors: EBADF, ENOTSOCK.
func sockOf(t *kernel.Task, fd uintptr) (*vfs.File, *unixsock.Socket, error) {
	f, err := getFile(t, fd)
	if err != nil {
		return nil, nil, err
	}
	s, ok := f.Impl.(*unixsock.Socket)
	if !ok {
		f.DecRef()
		return nil, nil, unix.ENOTSOCK
	}
	return f, s, nil
}

// readAddr reads a sockaddr_un: the name ("" for an address of the family
// alone) and whether it was AF_UNSPEC. Errors: EINVAL, EFAULT.
func readAddr(t *kernel.Task, addr, n uintptr) (string, bool, error) {
	if int32(n) < 0 || n > 2+sunPathMax {
		return "", false, unix.EINVAL
	}
	if n < 2 {
		return "", false, unix.EINVAL
	}
	b := make([]byte, n)
	if _, err := t.MM.CopyIn(addr, b); err != nil {
		return "", false, unix.EFAULT
	}
	return parseAddr(b)
}

// parseAddr decodes a sockaddr_un of 2 to 110 bytes. Errors: EINVAL.
func parseAddr(b []byte) (string, bool, error) {
	if len(b) < 2 || len(b) > 2+sunPathMax {
		return "", false, unix.EINVAL
	}
	fam := binary.LittleEndian.Uint16(b)
	if fam == unix.AF_UNSPEC {
		return "", true, nil
	}
	if fam != unix.AF_UNIX {
		return "", false, unix.EINVAL
	}
	p := b[2:]
	if len(p) == 0 || p[0] == 0 {
		return string(p), false, nil
	}
	if i := strings.IndexByte(string(p), 0); i >= 0 {
		p = p[:i]
	}
	return string(p), false, nil
}

// encodeAddr is the sockaddr_un of a bound name (family alone if unbound).
func encodeAddr(name string) []byte {
	b := binary.LittleEndian.AppendUint16(nil, unix.AF_UNIX)
	b = append(b, name...)
	if name != "" && name[0] != 0 {
		b = append(b, 0)
	}
	return b
}

// writeAddr copies an address out as accept, getsockname and recvfrom do:
// at most *lenAddr bytes of it, and its whole length into *lenAddr.
func writeAddr(t *kernel.Task, addr, lenAddr uintptr, sa []byte) error {
	if addr == 0 || lenAddr == 0 {
		return nil
	}
	lb := make([]byte, 4)
	if _, err := t.MM.CopyIn(lenAddr, lb); err != nil {
		return unix.EFAULT
	}
	l := int32(binary.LittleEndian.Uint32(lb))
	if l < 0 {
		return unix.EINVAL
	}
	n := min(int(l), len(sa))
	if n > 0 {
		if _, err := t.MM.CopyOut(addr, sa[:n]); err != nil {
			return unix.EFAULT
		}
	}
	binary.LittleEndian.PutUint32(lb, uint32(len(sa)))
	if _, err := t.MM.CopyOut(lenAddr, lb); err != nil {
		return unix.EFAULT
	}
	return nil
}

// lookup finds the socket bound to name. Errors: ECONNREFUSED, ENOENT,
// the walk's.
func lookup(t *kernel.Task, name string, typ int) (*unixsock.Socket, error) {
	if name == "" {
		return nil, unix.EINVAL
	}
	if name[0] == 0 {
		return unixsock.LookupAbstract(name, typ)
	}
	d, err := t.Walker().Resolve(t.FS.Cwd, name, true)
	if err != nil {
		return nil, err
	}
	st, err := d.Inode().Stat()
	if err != nil {
		return nil, err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFSOCK {
		return nil, unix.ECONNREFUSED
	}
	if err := t.CheckAccess(&st, 2); err != nil {
		return nil, err
	}
	bs, ok := d.Inode().(vfs.BoundSocket)
	if !ok {
		return nil, unix.ECONNREFUSED
	}
	s, _ := bs.Endpoint().(*unixsock.Socket)
	if s == nil {
		return nil, unix.ECONNREFUSED
	}
	return s, nil
}

func sysBind(t *kernel.Task, a Args) (uintptr, error) {
	f, s, err := sockOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	name, unspec, err := readAddr(t, a[1], a[2])
	if err != nil {
		return 0, err
	}
	if unspec {
		return 0, unix.EINVAL
	}
	return 0, s.Bind(name, func() error { return bindPath(t, s, name) })
}

// bindPath makes the socket file name for s.
func bindPath(t *kernel.Task, s *unixsock.Socket, path string) error {
	start := t.FS.Cwd
	if path[0] == '/' {
		start = t.FS.Root
	}
	parent, name, err := t.Walker().ResolveParent(start, path)
	if err != nil {
		return err
	}
	if name == "" || strings.HasSuffix(path, "/") {
		return unix.EADDRINUSE
	}
	if _, err := t.Walker().Resolve(parent, name, false); err == nil {
		return unix.EADDRINUSE
	}
	if err := t.MayModify(parent); err != nil {
		return err
	}
	_, err = parent.CreateChild(name, func(ops vfs.DirOps) (vfs.Inode, error) {
		sm, ok := ops.(vfs.SocketMaker)
		if !ok {
			return nil, unix.EPERM
		}
		return sm.MakeSocket(name, 0o777&^t.Umask, t.Creds.EUID, t.Creds.EGID, s)
	})
	if err == unix.EEXIST {
		return unix.EADDRINUSE
	}
	return err
}

func sysListen(t *kernel.Task, a Args) (uintptr, error) {
	f, s, err := sockOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	return 0, s.Listen(int(int32(a[1])), sockCred(t))
}

func sysConnect(t *kernel.Task, a Args) (uintptr, error) {
	f, s, err := sockOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	name, unspec, err := readAddr(t, a[1], a[2])
	if err != nil {
		return 0, err
	}
	var to *unixsock.Socket
	if !unspec {
		if to, err = lookup(t, name, s.Type()); err != nil {
			return 0, err
		}
	}
	return 0, s.Connect(to, sockCred(t), f.Flags()&unix.O_NONBLOCK != 0, t)
}

func doAccept(t *kernel.Task, fd, addr, lenAddr uintptr, flags int) (uintptr, error) {
	if flags&^(unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC) != 0 {
		return 0, unix.EINVAL
	}
	f, s, err := sockOf(t, fd)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	c, err := s.Accept(false, t)
	if err != nil {
		return 0, err
	}
	nf := vfs.NewFile(c, nil, unix.O_RDWR|flags&unix.O_NONBLOCK)
	defer nf.DecRef()
	peer, _ := c.PeerName()
	if err := writeAddr(t, addr, lenAddr, encodeAddr(peer)); err != nil {
		return 0, err
	}
	nfd, err := t.FDs.Install(nf, 0, flags&unix.SOCK_CLOEXEC != 0)
	return uintptr(nfd), err
}

func sysAccept(t *kernel.Task, a Args) (uintptr, error) { return doAccept(t, a[0], a[1], a[2], 0) }
func sysAccept4(t *kernel.Task, a Args) (uintptr, error) {
	return doAccept(t, a[0], a[1], a[2], int(int32(a[3])))
}

func sysGetsockname(t *kernel.Task, a Args) (uintptr, error) {
	f, s, err := sockOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	return 0, writeAddrChecked(t, a[1], a[2], encodeAddr(s.Name()))
}

func sysGetpeername(t *kernel.Task, a Args) (uintptr, error) {
	f, s, err := sockOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	name, err := s.PeerName()
	if err != nil {
		return 0, err
	}
	return 0, writeAddrChecked(t, a[1], a[2], encodeAddr(name))
}

// writeAddrChecked is writeAddr for calls whose pointers are required.
func writeAddrChecked(t *kernel.Task, addr, lenAddr uintptr, sa []byte) error {
	if lenAddr == 0 {
		return unix.EFAULT
	}
	if addr == 0 {
		return unix.EFAULT
	}
	return writeAddr(t, addr, lenAddr, sa)
}

func sysShutdown(t *kernel.Task, a Args) (uintptr, error) {
	f, s, err := sockOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	return 0, s.Shutdown(int(int32(a[1])))
}

// gather copies the iovecs' bytes in (bounded by maxRW).
func gather(t *kernel.Task, iovs []iovec) ([]byte, error) {
	var total uintptr
	for _, v := range iovs {
		total += v.len
	}
	if total > maxRW {
		return nil, unix.EMSGSIZE
	}
	if total > 1<<24 { // more than any unix socket buffer holds: bound the copy
		total = 1 << 24
	}
	buf := make([]byte, 0, total)
	for _, v := range iovs {
		l := min(v.len, total-uintptr(len(buf)))
		if l == 0 {
			continue
		}
		b := make([]byte, l)
		if _, err := t.MM.CopyIn(v.base, b); err != nil {
			return nil, unix.EFAULT
		}
		buf = append(buf, b...)
	}
	return buf, nil
}

// scatter copies b out over the iovecs.
func scatter(t *kernel.Task, iovs []iovec, b []byte) error {
	for _, v := range iovs {
		if len(b) == 0 {
			break
		}
		n := min(int(min(v.len, uintptr(len(b)))), len(b))
		if _, err := t.MM.CopyOut(v.base, b[:n]); err != nil {
			return unix.EFAULT
		}
		b = b[n:]
	}
	return nil
}

func iovTotal(iovs []iovec) int {
	var total uintptr
	for _, v := range iovs {
		total += v.len
	}
	return int(min(total, maxRW, 1<<24))
}

// sendmsg is the core of every send: data from iovs, an optional
// destination and control data.
type sendReq struct {
	iovs          []iovec
	name          string
	hasName       bool
	control, clen uintptr
	flags         int
}

func doSend(t *kernel.Task, f *vfs.File, s *unixsock.Socket, r sendReq) (uintptr, error) {
	if r.flags&msgOOB != 0 {
		return 0, unix.EOPNOTSUPP
	}
	o := unixsock.SendOpts{DontWait: r.flags&msgDontWait != 0, Cred: msgCred(t), HasTo: r.hasName}
	if r.hasName && s.Type() != unix.SOCK_STREAM {
		if s.Type() == unix.SOCK_DGRAM {
			to, err := lookup(t, r.name, s.Type())
			if err != nil {
				return 0, err
			}
			o.To = to
		}
	}
	if r.clen > 0 {
		if err := readControl(t, r.control, r.clen, &o); err != nil {
			return 0, err
		}
	}
	data, err := gather(t, r.iovs)
	if err != nil {
		releaseAll(o.Ctl.Rights)
		return 0, err
	}
	n, err := s.Send(data, o, t) // takes o.Ctl.Rights
	if err != nil {
		if err == unix.EPIPE && r.flags&msgNoSignal == 0 && s.Type() == unix.SOCK_STREAM {
			sigpipe(t, err)
		}
		return 0, err
	}
	return uintptr(n), nil
}

func releaseAll(fs []*vfs.File) {
	for _, f := range fs {
		f.DecRef()
	}
}

// readControl decodes sendmsg's control data: SCM_RIGHTS (taking a
// reference on each file) and SCM_CREDENTIALS (checked against the
// caller's ids). Errors: EINVAL, EBADF, EPERM, ETOOMANYREFS, ENOBUFS.
func readControl(t *kernel.Task, addr, n uintptr, o *unixsock.SendOpts) (err error) {
	if n > maxControl {
		return unix.ENOBUFS
	}
	b := make([]byte, n)
	if _, err := t.MM.CopyIn(addr, b); err != nil {
		return unix.EFAULT
	}
	defer func() {
		if err != nil {
			releaseAll(o.Ctl.Rights)
			o.Ctl.Rights = nil
		}
	}()
	msgs, err := parseCmsgs(b)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		switch m.typ {
		case unix.SCM_RIGHTS:
			if len(o.Ctl.Rights)+len(m.data)/4 > unixsock.MaxRights {
				return unix.EINVAL
			}
			for i := 0; i+4 <= len(m.data); i += 4 {
				f, err := t.FDs.Get(int32(binary.LittleEndian.Uint32(m.data[i:])))
				if err != nil {
					return unix.EBADF
				}
				o.Ctl.Rights = append(o.Ctl.Rights, f)
			}
		case unix.SCM_CREDENTIALS:
			d := m.data
			c := unixsock.Cred{PID: int32(binary.LittleEndian.Uint32(d)), UID: binary.LittleEndian.Uint32(d[4:]), GID: binary.LittleEndian.Uint32(d[8:])}
			cr := &t.Creds
			if c.PID != t.TGID && !cr.HasCap(capSysAdmin) {
				return unix.EPERM
			}
			if c.UID != cr.UID && c.UID != cr.EUID && c.UID != cr.SUID && !cr.HasCap(capSetuid) {
				return unix.EPERM
			}
			if c.GID != cr.GID && c.GID != cr.EGID && c.GID != cr.SGID && !cr.HasCap(capSetgid) {
				return unix.EPERM
			}
			o.Cred = c
		}
	}
	if len(o.Ctl.Rights) > 0 {
		o.Ctl.ChargeUID = t.Creds.UID
		lim := t.Rlimit(unix.RLIMIT_NOFILE).Cur
		if uint64(unixsock.InFlight(t.Creds.UID)+len(o.Ctl.Rights)) > lim && !t.Creds.HasCap(24) && !t.Creds.HasCap(capSysAdmin) {
			return unix.ETOOMANYREFS
		}
	}
	return nil
}

// cmsg is one SOL_SOCKET control message of sendmsg.
type cmsg struct {
	typ  int32
	data []byte
}

// parseCmsgs splits control data into its SOL_SOCKET messages (others are
// skipped, as Linux does), checking each header: a length that is short or
// runs past the buffer, an SCM_CREDENTIALS that is not one ucred, or a type
// other than SCM_RIGHTS and SCM_CREDENTIALS is EINVAL.
func parseCmsgs(b []byte) ([]cmsg, error) {
	var out []cmsg
	for len(b) >= 16 {
		l := binary.LittleEndian.Uint64(b)
		level := int32(binary.LittleEndian.Uint32(b[8:]))
		typ := int32(binary.LittleEndian.Uint32(b[12:]))
		if l < 16 || l > uint64(len(b)) {
			return nil, unix.EINVAL
		}
		data := b[16:l]
		if level == unix.SOL_SOCKET {
			switch typ {
			case unix.SCM_RIGHTS:
				if len(data) > 0 {
					out = append(out, cmsg{typ, data[:len(data)/4*4]})
				}
			case unix.SCM_CREDENTIALS:
				if len(data) != 12 {
					return nil, unix.EINVAL
				}
				out = append(out, cmsg{typ, data})
			default:
				return nil, unix.EINVAL
			}
		}
		adv := (l + 7) &^ 7
		if adv >= uint64(len(b)) {
			break
		}
		b = b[adv:]
	}
	return out, nil
}

// recvReq is the core of every receive.
type recvReq struct {
	iovs          []iovec
	control, clen uintptr
	flags         int
}

type recvRes struct {
	n        int
	from     string
	clen     uintptr // control bytes written
	msgFlags int
}

func doRecv(t *kernel.Task, s *unixsock.Socket, r recvReq) (recvRes, error) {
	var out recvRes
	if r.flags&msgOOB != 0 {
		return out, unix.EOPNOTSUPP
	}
	size := iovTotal(r.iovs)
	if s.Type() == unix.SOCK_STREAM && r.flags&msgWaitAll == 0 {
		// A stream read takes what is queued: size the buffer by that
		// (at least 64 KiB for what arrives while it waits), not by
		// the app's whole buffer.
		size = min(size, max(s.Queued(), 64<<10))
	}
	buf := make([]byte, size)
	o := unixsock.RecvOpts{Peek: r.flags&msgPeek != 0, WaitAll: r.flags&msgWaitAll != 0, DontWait: r.flags&msgDontWait != 0, Trunc: r.flags&msgTrunc != 0}
	res, err := s.Recv(buf, o, t)
	if err != nil {
		return out, err
	}
	if err := scatter(t, r.iovs, buf[:res.N]); err != nil {
		releaseAll(res.Ctl.Rights)
		return out, err
	}
	out.n, out.from = res.N, res.From
	if res.Trunc {
		out.msgFlags |= msgTrunc
		if o.Trunc {
			out.n = res.Len
		}
	}
	clen, ctrunc := writeControl(t, r.control, r.clen, res.Ctl, r.flags&msgCmsgCloex != 0)
	out.clen = clen
	if ctrunc {
		out.msgFlags |= msgCTrunc
	}
	return out, nil
}

// writeControl writes received control data (credentials, then rights,
// as Linux orders them), installing the files; what does not fit is
// dropped (MSG_CTRUNC) and its files released.
func writeControl(t *kernel.Task, addr, room uintptr, c unixsock.Control, cloexec bool) (uintptr, bool) {
	var b []byte
	ctrunc := false
	if room > maxControl {
		room = maxControl
	}
	cmsg := func(typ int32, data []byte) {
		h := make([]byte, 16, 16+len(data)+8)
		binary.LittleEndian.PutUint64(h, uint64(16+len(data)))
		binary.LittleEndian.PutUint32(h[8:], unix.SOL_SOCKET)
		binary.LittleEndian.PutUint32(h[12:], uint32(typ))
		h = append(h, data...)
		for len(h)%8 != 0 {
			h = append(h, 0)
		}
		b = append(b, h...)
	}
	if c.Cred != nil {
		if uintptr(len(b))+16+12 > room {
			ctrunc = true
		} else {
			d := binary.LittleEndian.AppendUint32(nil, uint32(c.Cred.PID))
			d = binary.LittleEndian.AppendUint32(d, c.Cred.UID)
			d = binary.LittleEndian.AppendUint32(d, c.Cred.GID)
			cmsg(unix.SCM_CREDENTIALS, d)
		}
	}
	if len(c.Rights) > 0 {
		fit := 0
		if left := int(room) - len(b) - 16; left > 0 {
			fit = min(left/4, len(c.Rights))
		}
		var d []byte
		for i, f := range c.Rights {
			if i >= fit {
				ctrunc = true
				f.DecRef()
				continue
			}
			fd, err := t.FDs.Install(f, 0, cloexec)
			f.DecRef()
			if err != nil {
				ctrunc = true
				continue
			}
			d = binary.LittleEndian.AppendUint32(d, uint32(fd))
		}
		if len(d) > 0 {
			cmsg(unix.SCM_RIGHTS, d)
		}
	}
	if uintptr(len(b)) > room {
		b = b[:room] // the last cmsg's padding only
	}
	if len(b) > 0 {
		if _, err := t.MM.CopyOut(addr, b); err != nil {
			return 0, ctrunc
		}
	}
	return uintptr(len(b)), ctrunc
}

func sysSendto(t *kernel.Task, a Args) (uintptr, error) {
	f, s, err := sockOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	r := sendReq{iovs: []iovec{{a[1], a[2]}}, flags: int(int32(a[3]))}
	if a[2] > maxRW {
		r.iovs[0].len = maxRW
	}
	if a[4] != 0 {
		name, unspec, err := readAddr(t, a[4], a[5])
		if err != nil {
			return 0, err
		}
		r.name, r.hasName = name, !unspec
	}
	return doSend(t, f, s, r)
}

func sysRecvfrom(t *kernel.Task, a Args) (uintptr, error) {
	f, s, err := sockOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	l := min(a[2], maxRW)
	if err := t.MM.CheckRange(a[1], l, true); err != nil && l > 0 {
		return 0, err
	}
	res, err := doRecv(t, s, recvReq{iovs: []iovec{{a[1], l}}, flags: int(int32(a[3]))})
	if err != nil {
		return 0, err
	}
	if a[4] != 0 {
		sa := []byte(nil)
		if res.from != "" {
			sa = encodeAddr(res.from)
		}
		if err := writeAddr(t, a[4], a[5], sa); err != nil {
			return 0, err
		}
	}
	return uintptr(res.n), nil
}

// msghdr offsets (amd64).
const msghdrSize = 56

type msghdr struct {
	name, namelen, iov, iovlen, control, controllen uintptr
	flags                                           int32
}

func readMsghdr(t *kernel.Task, addr uintptr) (msghdr, error) {
	b := make([]byte, msghdrSize)
	if _, err := t.MM.CopyIn(addr, b); err != nil {
		return msghdr{}, unix.EFAULT
	}
	le := binary.LittleEndian
	return msghdr{name: uintptr(le.Uint64(b)), namelen: uintptr(le.Uint32(b[8:])), iov: uintptr(le.Uint64(b[16:])),
		iovlen: uintptr(le.Uint64(b[24:])), control: uintptr(le.Uint64(b[32:])), controllen: uintptr(le.Uint64(b[40:])),
		flags: int32(le.Uint32(b[48:]))}, nil
}

func sendOne(t *kernel.Task, f *vfs.File, s *unixsock.Socket, addr uintptr, flags int) (uintptr, error) {
	h, err := readMsghdr(t, addr)
	if err != nil {
		return 0, err
	}
	iovs, err := copyIovecs(t, h.iov, h.iovlen)
	if err != nil {
		return 0, err
	}
	r := sendReq{iovs: iovs, flags: flags, control: h.control, clen: h.controllen}
	if h.name != 0 && h.namelen != 0 {
		name, unspec, err := readAddr(t, h.name, h.namelen)
		if err != nil {
			return 0, err
		}
		r.name, r.hasName = name, !unspec
	}
	return doSend(t, f, s, r)
}

func recvOne(t *kernel.Task, s *unixsock.Socket, addr uintptr, flags int) (uintptr, error) {
	h, err := readMsghdr(t, addr)
	if err != nil {
		return 0, err
	}
	iovs, err := copyIovecs(t, h.iov, h.iovlen)
	if err != nil {
		return 0, err
	}
	if int32(h.namelen) < 0 {
		return 0, unix.EINVAL
	}
	res, err := doRecv(t, s, recvReq{iovs: iovs, flags: flags, control: h.control, clen: h.controllen})
	if err != nil {
		return 0, err
	}
	le := binary.LittleEndian
	out := make([]byte, 4)
	if h.name != 0 {
		sa := []byte(nil)
		if res.from != "" {
			sa = encodeAddr(res.from)
		}
		if n := min(int(h.namelen), len(sa)); n > 0 {
			if _, err := t.MM.CopyOut(h.name, sa[:n]); err != nil {
				return 0, unix.EFAULT
			}
		}
		le.PutUint32(out, uint32(len(sa)))
	} else {
		le.PutUint32(out, 0)
	}
	if _, err := t.MM.CopyOut(addr+8, out); err != nil {
		return 0, unix.EFAULT
	}
	cl := make([]byte, 8)
	le.PutUint64(cl, uint64(res.clen))
	if _, err := t.MM.CopyOut(addr+40, cl); err != nil {
		return 0, unix.EFAULT
	}
	le.PutUint32(out, uint32(int32(res.msgFlags)))
	if _, err := t.MM.CopyOut(addr+48, out); err != nil {
		return 0, unix.EFAULT
	}
	return uintptr(res.n), nil
}

func sysSendmsg(t *kernel.Task, a Args) (uintptr, error) {
	f, s, err := sockOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	return sendOne(t, f, s, a[1], int(int32(a[2])))
}

func sysRecvmsg(t *kernel.Task, a Args) (uintptr, error) {
	f, s, err := sockOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	return recvOne(t, s, a[1], int(int32(a[2])))
}

const uioMaxMsgs = 1024 // UIO_MAXIOV bounds vlen

func sysSendmmsg(t *kernel.Task, a Args) (uintptr, error) {
	f, s, err := sockOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	vlen := min(uint32(a[2]), uioMaxMsgs)
	var i uint32
	for ; i < vlen; i++ {
		m := a[1] + uintptr(i)*64
		n, err := sendOne(t, f, s, m, int(int32(a[3])))
		if err != nil {
			if i > 0 {
				break
			}
			return 0, err
		}
		if _, err := t.MM.CopyOut(m+56, binary.LittleEndian.AppendUint32(nil, uint32(n))); err != nil {
			return 0, unix.EFAULT
		}
	}
	return uintptr(i), nil
}

func sysRecvmmsg(t *kernel.Task, a Args) (uintptr, error) {
	f, s, err := sockOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	vlen := min(uint32(a[2]), uioMaxMsgs)
	flags := int(int32(a[3]))
	const msgWaitForOne = 0x10000
	var i uint32
	for ; i < vlen; i++ {
		m := a[1] + uintptr(i)*64
		fl := flags &^ msgWaitForOne
		if i > 0 && flags&msgWaitForOne != 0 {
			fl |= msgDontWait
		}
		n, err := recvOne(t, s, m, fl)
		if err != nil {
			if i > 0 {
				break
			}
			return 0, err
		}
		if _, err := t.MM.CopyOut(m+56, binary.LittleEndian.AppendUint32(nil, uint32(n))); err != nil {
			return 0, unix.EFAULT
		}
	}
	return uintptr(i), nil
}

// sockReadv is readv on a socket: one receive scattered over the iovecs
// (a datagram is one message however many iovecs).
func sockReadv(t *kernel.Task, s *unixsock.Socket, iovs []iovec) (uintptr, error) {
	res, err := doRecv(t, s, recvReq{iovs: iovs})
	return uintptr(res.n), err
}

func sysSetsockopt(t *kernel.Task, a Args) (uintptr, error) {
	f, s, err := sockOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if int32(a[1]) != unix.SOL_SOCKET {
		return 0, unix.EOPNOTSUPP
	}
	if opt := int(int32(a[2])); opt == unix.SO_RCVTIMEO || opt == unix.SO_SNDTIMEO {
		if int32(a[4]) < 16 {
			return 0, unix.EINVAL
		}
		tv := make([]byte, 16)
		if _, err := t.MM.CopyIn(a[3], tv); err != nil {
			return 0, unix.EFAULT
		}
		sec, usec := int64(binary.LittleEndian.Uint64(tv)), int64(binary.LittleEndian.Uint64(tv[8:]))
		if usec < 0 || usec >= 1000000 {
			return 0, unix.EDOM
		}
		d := time.Duration(0)
		if sec > 0 || (sec == 0 && usec > 0) {
			d = time.Duration(min(sec, 1<<32))*time.Second + time.Duration(usec)*time.Microsecond
		}
		s.SetTimeout(opt == unix.SO_SNDTIMEO, d)
		return 0, nil
	}
	if int32(a[4]) < 4 {
		return 0, unix.EINVAL
	}
	b := make([]byte, 4)
	if _, err := t.MM.CopyIn(a[3], b); err != nil {
		return 0, unix.EFAULT
	}
	v := int(int32(binary.LittleEndian.Uint32(b)))
	switch int(int32(a[2])) {
	case unix.SO_SNDBUF:
		s.SetBuf(true, v)
	case unix.SO_RCVBUF:
		s.SetBuf(false, v)
	case unix.SO_PASSCRED:
		s.SetPassCred(v != 0)
	case unix.SO_REUSEADDR, unix.SO_KEEPALIVE:
		s.SetIntOpt(int(int32(a[2])), boolInt(v != 0))
	default:
		return 0, unix.ENOPROTOOPT
	}
	return 0, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func sysGetsockopt(t *kernel.Task, a Args) (uintptr, error) {
	f, s, err := sockOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if int32(a[1]) != unix.SOL_SOCKET {
		return 0, unix.EOPNOTSUPP
	}
	lb := make([]byte, 4)
	if _, err := t.MM.CopyIn(a[4], lb); err != nil {
		return 0, unix.EFAULT
	}
	l := int32(binary.LittleEndian.Uint32(lb))
	if l < 0 {
		return 0, unix.EINVAL
	}
	var v []byte
	le := binary.LittleEndian
	switch int(int32(a[2])) {
	case unix.SO_TYPE:
		v = le.AppendUint32(nil, uint32(s.Type()))
	case unix.SO_ERROR:
		v = le.AppendUint32(nil, uint32(s.TakeError()))
	case unix.SO_SNDBUF:
		snd, _ := s.BufSizes()
		v = le.AppendUint32(nil, uint32(snd))
	case unix.SO_RCVBUF:
		_, rcv := s.BufSizes()
		v = le.AppendUint32(nil, uint32(rcv))
	case unix.SO_PASSCRED:
		v = le.AppendUint32(nil, uint32(boolInt(s.PassCred())))
	case unix.SO_DOMAIN:
		v = le.AppendUint32(nil, unix.AF_UNIX)
	case unix.SO_PROTOCOL:
		v = le.AppendUint32(nil, 0)
	case unix.SO_ACCEPTCONN:
		v = le.AppendUint32(nil, uint32(boolInt(s.Listening())))
	case unix.SO_REUSEADDR, unix.SO_KEEPALIVE:
		v = le.AppendUint32(nil, uint32(s.IntOpt(int(int32(a[2])))))
	case unix.SO_RCVTIMEO, unix.SO_SNDTIMEO:
		d := s.Timeout(int(int32(a[2])) == unix.SO_SNDTIMEO)
		v = le.AppendUint64(nil, uint64(d/time.Second))
		v = le.AppendUint64(v, uint64(d%time.Second/time.Microsecond))
	case unix.SO_PEERCRED:
		c, ok := s.PeerCred()
		if !ok {
			c = unixsock.Cred{PID: 0, UID: ^uint32(0), GID: ^uint32(0)}
		}
		v = le.AppendUint32(nil, uint32(c.PID))
		v = le.AppendUint32(v, c.UID)
		v = le.AppendUint32(v, c.GID)
	default:
		return 0, unix.ENOPROTOOPT
	}
	n := min(int(l), len(v))
	if n > 0 {
		if _, err := t.MM.CopyOut(a[3], v[:n]); err != nil {
			return 0, unix.EFAULT
		}
	}
	le.PutUint32(lb, uint32(n))
	if _, err := t.MM.CopyOut(a[4], lb); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}
