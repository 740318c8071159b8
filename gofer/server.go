package gofer

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"

	"go.uber.org/zap"
	"golang.org/x/sys/unix"

	"husk/seccomp"
)

// Server limits.
const (
	// MaxFIDs is the most FIDs, and the most host fds, one connection may
	// have live; a walk or attach beyond it fails with ENFILE.
	MaxFIDs = 1 << 20
	// maxSnapshot is the most entries one directory listing snapshot may hold;
	// a larger directory fails Getdents with EOVERFLOW.
	maxSnapshot = 1 << 20
)

// openFlagsAllowed are the only open(2) flags Open accepts. Truncation is
// not among them: the sentry truncates the donated FD itself (ftruncate is
// on its list, not the gofer's).
const openFlagsAllowed = unix.O_ACCMODE | unix.O_APPEND

// createFlagsAllowed are the only open(2) flags Create accepts; O_CREAT is
// implied. O_TRUNC is safe here: the host applies it to the file it opens
// (never a symlink: O_NOFOLLOW), in the same call.
const createFlagsAllowed = unix.O_ACCMODE | unix.O_APPEND | unix.O_EXCL | unix.O_TRUNC

// renameFlagsAllowed are the renameat2 flags Rename accepts.
const renameFlagsAllowed = unix.RENAME_NOREPLACE | unix.RENAME_EXCHANGE

// Mount is one tree the server serves: index 0 is the root, the others the
// bind mounts, in the order given; Attach names one by its index. A
// read-only mount refuses every change with EROFS.
type Mount struct {
	Path     string
	ReadOnly bool
}

// node is one host file the server holds an O_PATH fd for. Nodes form a tree:
// each holds a reference on its parent, whose fd Open needs to reopen the
// file by name. A node is closed when its last reference goes.
type node struct {
	fd     int
	parent *node  // nil for a mount's root
	name   string // the component in parent
	mode   uint32 // S_IFMT bits at walk time
	dev    uint64
	ino    uint64
	refs   int
	mount  int  // index of the mount the node belongs to
	ro     bool // the mount is read-only
	// tmpfile: an O_TMPFILE file (no parent, no name): fd is the file
	// opened for writing itself, not an O_PATH fd, and it is named (a new
	// node) only by LinkFID.
	tmpfile bool
}

// fidState is what one FID names, plus its directory listing snapshot.
type fidState struct {
	n    *node
	snap []Dirent // taken at Getdents cookie 0
}

// server serves one connection. It is used by one goroutine and needs no locks.
type server struct {
	roots   []*node // one per mount
	log     *zap.Logger
	fids    map[FID]*fidState
	nextFID FID
	maxFIDs int
	nodes   int  // live nodes, each holding one host fd
	root    bool // the gofer runs as root: it sets the owner of what it creates
	cpu     int  // the CPU the serving thread is kept on (followCaller), or -1
}

// Serve serves mounts (the root first, then the bind mounts) over conn, a
// connected SOCK_SEQPACKET unix socket in blocking mode, until the peer
// closes its end; then it returns nil. It returns an error if a mount cannot
// be opened, the socket fails, or the peer sends a message so malformed that
// no reply can be addressed to it. Serve does not close conn; it closes every
// host fd it opened before it returns.
//
// The socket is read and written with blocking recvmsg/sendmsg on the
// calling thread, never through Go's netpoller, so the gofer's allowlist
// needs no epoll calls.
func Serve(mounts []Mount, conn *os.File, log *zap.Logger) error {
	roots, err := openMounts(mounts)
	if err != nil {
		return err
	}
	return serveRoots(roots, conn, log, MaxFIDs)
}

// installFilter, when set (by Run), installs the gofer's seccomp filter once
// the mounts and the connection are open, before the first request.
var installFilter func() error

// followCaller, when set (by Run, whose serving thread is locked), has the
// serving thread follow the CPU each request names (server.follow).
var followCaller bool

// openMounts opens the directory of each mount (O_PATH). On error nothing
// stays open.
func openMounts(mounts []Mount) ([]*node, error) {
	if len(mounts) == 0 {
		return nil, errors.New("gofer: nothing to serve")
	}
	var roots []*node
	for i, m := range mounts {
		fd, err := unix.Open(m.Path, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err == nil {
			var st unix.Stat_t
			if err = unix.Fstat(fd, &st); err == nil {
				roots = append(roots, &node{fd: fd, mode: st.Mode & unix.S_IFMT, dev: uint64(st.Dev), ino: st.Ino,
					refs: 1, mount: i, ro: m.ReadOnly})
				continue
			}
			unix.Close(fd)
		}
		for _, r := range roots {
			unix.Close(r.fd)
		}
		return nil, fmt.Errorf("gofer: open mount %q: %w", m.Path, err)
	}
	return roots, nil
}

func serve(mounts []Mount, conn *os.File, log *zap.Logger, maxFIDs int) error {
	roots, err := openMounts(mounts)
	if err != nil {
		return err
	}
	return serveRoots(roots, conn, log, maxFIDs)
}

func serveRoots(roots []*node, conn *os.File, log *zap.Logger, maxFIDs int) error {
	if log == nil {
		log = zap.NewNop()
	}
	s := &server{
		roots:   roots,
		log:     log,
		fids:    make(map[FID]*fidState),
		nextFID: 1,
		maxFIDs: maxFIDs,
		nodes:   len(roots),
		root:    os.Geteuid() == 0,
		cpu:     -1,
	}
	defer s.closeAll()

	sock := int(conn.Fd())
	if so, err := unix.GetsockoptInt(sock, unix.SOL_SOCKET, unix.SO_TYPE); err != nil || so != unix.SOCK_SEQPACKET {
		return fmt.Errorf("gofer: socket fd %d is not a SOCK_SEQPACKET socket (%v)", sock, err)
	}
	if fl, err := unix.FcntlInt(uintptr(sock), unix.F_GETFL, 0); err == nil && fl&unix.O_NONBLOCK != 0 {
		if _, err := unix.FcntlInt(uintptr(sock), unix.F_SETFL, fl&^unix.O_NONBLOCK); err != nil {
			return fmt.Errorf("gofer: socket: make blocking: %w", err)
		}
	}
	log.Debug("serving", zap.Int("mounts", len(roots)))
	if installFilter != nil {
		seccomp.InitNetpoll()
		// Everything from here on is served under the gofer's allowlist.
		if err := installFilter(); err != nil {
			return err
		}
	}

	in := make([]byte, MaxMessage+1)
	oob := make([]byte, unix.CmsgSpace(4*4))
	out := make([]byte, 0, MaxMessage)
	for {
		n, oobn, flags, err := recvmsg(sock, in, oob)
		if oobn > 0 {
			closeRights(oob[:oobn]) // the client never sends fds
		}
		if err != nil {
			if err == unix.ECONNRESET {
				log.Debug("peer closed")
				return nil
			}
			return fmt.Errorf("gofer: read: %w", err)
		}
		if n == 0 {
			log.Debug("peer closed")
			return nil
		}
		var resp Response
		fdOut := -1
		if flags&unix.MSG_TRUNC != 0 || n > MaxMessage {
			return fmt.Errorf("gofer: request over %d bytes", MaxMessage)
		}
		req, err := DecodeRequest(in[:n])
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || !req.Op.Valid() {
				return fmt.Errorf("gofer: %w", err)
			}
			log.Debug("bad request", zap.Error(err))
			resp = Response{Op: req.Op, Tag: req.Tag, Errno: de.Errno}
		} else {
			if followCaller && req.CPU != 0 {
				s.follow(int(req.CPU) - 1)
			}
			resp, fdOut = s.handle(&req)
			log.Debug("request", zap.Stringer("op", req.Op), zap.Uint64("fid", uint64(req.FID)),
				zap.String("name", req.Name), zap.Uint32("flags", req.Flags), zap.Uint32("errno", uint32(resp.Errno)))
		}
		out, err = resp.Encode(out[:0])
		if err != nil {
			// A reply we built that does not encode is our bug; answer EIO.
			log.Error("encode reply", zap.Error(err))
			if fdOut >= 0 {
				unix.Close(fdOut)
				fdOut = -1
			}
			resp = Response{Op: req.Op, Tag: req.Tag, Errno: unix.EIO}
			out, _ = resp.Encode(out[:0])
		}
		var rights []byte
		if fdOut >= 0 {
			rights = unix.UnixRights(fdOut)
		}
		err = sendmsg(sock, out, rights)
		if fdOut >= 0 {
			unix.Close(fdOut) // the peer has its own copy now
		}
		if err != nil {
			if err == unix.EPIPE || err == unix.ECONNRESET {
				log.Debug("peer closed")
				return nil
			}
			return fmt.Errorf("gofer: write: %w", err)
		}
	}
}

// follow keeps the serving thread on cpu, the caller's: the caller sleeps
// while its request is served, so its CPU is free, and a wake-up on the
// same CPU costs a few microseconds where one across CPUs (an idle CPU
// woken by an interrupt, in a VM above all) costs tens. A CPU outside the
// gofer's cpuset is refused by the kernel: the thread stays where it was.
func (s *server) follow(cpu int) {
	if cpu == s.cpu || cpu >= maxCPU {
		return
	}
	s.cpu = cpu
	var set unix.CPUSet
	set.Set(cpu)
	_ = unix.SchedSetaffinity(0, &set)
}

// recvmsg is a blocking recvmsg(2) on the calling thread, retried on EINTR.
func recvmsg(fd int, p, oob []byte) (n, oobn, flags int, err error) {
	for {
		n, oobn, flags, _, err = unix.Recvmsg(fd, p, oob, unix.MSG_CMSG_CLOEXEC)
		if err != unix.EINTR {
			return n, oobn, flags, err
		}
	}
}

// sendmsg is a blocking sendmsg(2) of one whole message, retried on EINTR.
func sendmsg(fd int, p, oob []byte) error {
	for {
		_, err := unix.SendmsgN(fd, p, oob, nil, unix.MSG_NOSIGNAL)
		if err != unix.EINTR {
			return err
		}
	}
}

// closeRights closes every fd carried in a control message buffer.
func closeRights(oob []byte) {
	msgs, err := unix.ParseSocketControlMessage(oob)
	if err != nil {
		return
	}
	for _, m := range msgs {
		fds, err := unix.ParseUnixRights(&m)
		if err != nil {
			continue
		}
		for _, fd := range fds {
			unix.Close(fd)
		}
	}
}

// handle runs one request. It returns the response and, for Open and
// Create, the fd to donate (which the caller closes after sending), else -1.
func (s *server) handle(req *Request) (Response, int) {
	resp := Response{Op: req.Op, Tag: req.Tag}
	fd := -1
	var err error
	switch req.Op {
	case OpAttach:
		resp.FID, resp.Stat, err = s.attach(req.Mount)
	case OpWalk:
		resp.FID, resp.Stat, err = s.walk(req.FID, req.Name)
	case OpStat:
		resp.Stat, err = s.stat(req.FID)
	case OpOpen:
		fd, err = s.open(req.FID, req.Flags)
	case OpReadlink:
		resp.Target, err = s.readlink(req.FID)
	case OpGetdents:
		resp.Dirents, resp.Next, err = s.getdents(req.FID, req.Cookie)
	case OpStatFS:
		resp.FSStat, err = s.statfs(req.FID)
	case OpClunk:
		err = s.clunk(req.FID)
	case OpCreate:
		resp.FID, resp.Stat, fd, err = s.create(req)
	case OpMkdir:
		resp.FID, resp.Stat, err = s.mkdir(req)
	case OpMkfifo:
		resp.FID, resp.Stat, err = s.mkfifo(req)
	case OpSymlink:
		resp.FID, resp.Stat, err = s.symlink(req)
	case OpLink:
		resp.FID, resp.Stat, err = s.link(req)
	case OpTmpfile:
		resp.FID, resp.Stat, fd, err = s.tmpfile(req)
	case OpLinkFID:
		resp.FID, resp.Stat, err = s.linkFID(req)
	case OpUnlink:
		err = s.unlink(req)
	case OpRename:
		err = s.rename(req)
	case OpSetAttr:
		resp.Stat, err = s.setattr(req)
	default:
		err = unix.ENOSYS
	}
	if err != nil {
		resp = Response{Op: req.Op, Tag: req.Tag, Errno: toErrno(err)}
		if fd >= 0 {
			unix.Close(fd)
		}
		return resp, -1
	}
	return resp, fd
}

func toErrno(err error) unix.Errno {
	var e unix.Errno
	if errors.As(err, &e) && e != 0 && e < maxErrno {
		return e
	}
	return unix.EIO
}

func (s *server) lookup(fid FID) (*fidState, error) {
	f, ok := s.fids[fid]
	if !ok {
		return nil, unix.EBADF
	}
	return f, nil
}

// newFID gives n (whose reference the caller passes on) a fresh FID.
func (s *server) newFID(n *node) FID {
	fid := s.nextFID
	s.nextFID++
	s.fids[fid] = &fidState{n: n}
	return fid
}

func (s *server) release(n *node) {
	for n != nil {
		n.refs--
		if n.refs > 0 {
			return
		}
		unix.Close(n.fd)
		s.nodes--
		n = n.parent
	}
}

func (s *server) closeAll() {
	for fid, f := range s.fids {
		delete(s.fids, fid)
		s.release(f.n)
	}
	for _, r := range s.roots {
		s.release(r)
	}
	s.roots = nil
}

func (s *server) attach(mount uint32) (FID, Stat, error) {
	if uint64(mount) >= uint64(len(s.roots)) {
		return 0, Stat{}, unix.ENOENT
	}
	if len(s.fids) >= s.maxFIDs {
		return 0, Stat{}, unix.ENFILE
	}
	r := s.roots[mount]
	st, err := fstat(r.fd)
	if err != nil {
		return 0, Stat{}, err
	}
	r.refs++
	return s.newFID(r), st, nil
}

// validName rejects every name that is not exactly one real component.
func validName(name string) error {
	if len(name) > MaxName {
		return unix.ENAMETOOLONG
	}
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\x00") {
		return unix.EINVAL
	}
	return nil
}

// dirOf returns the directory node fid names, with name checked as one
// component. With write, the mount must be writable (else EROFS).
func (s *server) dirOf(fid FID, name string, write bool) (*node, error) {
	if err := validName(name); err != nil {
		return nil, err
	}
	return s.dirNode(fid, write)
}

// dirNode returns the directory node fid names; with write, the mount must
// be writable (else EROFS).
func (s *server) dirNode(fid FID, write bool) (*node, error) {
	f, err := s.lookup(fid)
	if err != nil {
		return nil, err
	}
	if f.n.mode != unix.S_IFDIR {
		return nil, unix.ENOTDIR
	}
	if write && f.n.ro {
		return nil, unix.EROFS
	}
	return f.n, nil
}

func (s *server) walk(dir FID, name string) (FID, Stat, error) {
	d, err := s.dirOf(dir, name, false)
	if err != nil {
		return 0, Stat{}, err
	}
	n, st, err := s.child(d, name, 0)
	if err != nil {
		return 0, Stat{}, err
	}
	return s.newFID(n), st, nil
}

// child opens name under d (O_PATH, never following a symlink) as a new
// node with one reference. With a non-zero wantType the node must be of that
// type (else ESTALE: something else took the name).
func (s *server) child(d *node, name string, wantType uint32) (*node, Stat, error) {
	// Bound FIDs, and host fds: a clunked directory stays open while a
	// walked child needs it.
	if len(s.fids) >= s.maxFIDs || s.nodes >= s.maxFIDs {
		return nil, Stat{}, unix.ENFILE
	}
	fd, err := openat(d.fd, name, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, Stat{}, err
	}
	st, err := fstat(fd)
	if err != nil {
		unix.Close(fd)
		return nil, Stat{}, err
	}
	if wantType != 0 && st.Mode&unix.S_IFMT != wantType {
		unix.Close(fd)
		return nil, Stat{}, unix.ESTALE
	}
	n := &node{fd: fd, parent: d, name: name, mode: st.Mode & unix.S_IFMT, dev: st.Dev, ino: st.Ino, refs: 1,
		mount: d.mount, ro: d.ro}
	d.refs++
	s.nodes++
	return n, st, nil
}

func (s *server) stat(fid FID) (Stat, error) {
	f, err := s.lookup(fid)
	if err != nil {
		return Stat{}, err
	}
	return fstat(f.n.fd)
}

func (s *server) open(fid FID, flags uint32) (int, error) {
	f, err := s.lookup(fid)
	if err != nil {
		return -1, err
	}
	if flags == unix.O_RDONLY|unix.O_DIRECTORY {
		// A directory FD for the sentry's fsync. Its allowlist has no
		// getdents64 or *at call, so it can only sync it.
		if f.n.mode != unix.S_IFDIR {
			return -1, unix.ENOTDIR
		}
		return reopen(f.n, unix.O_RDONLY)
	}
	if flags&^openFlagsAllowed != 0 || flags&unix.O_ACCMODE == unix.O_ACCMODE {
		return -1, unix.EINVAL
	}
	if flags&unix.O_ACCMODE != unix.O_RDONLY && f.n.ro {
		return -1, unix.EROFS
	}
	n := f.n
	switch n.mode {
	case unix.S_IFREG:
	case unix.S_IFDIR:
		return -1, unix.EISDIR
	case unix.S_IFLNK:
		return -1, unix.ELOOP
	default:
		return -1, unix.EINVAL
	}
	// The donated FD keeps O_NONBLOCK, which regular files ignore: the gofer
	// has no fcntl on its list.
	return reopen(n, int(flags&(unix.O_ACCMODE|unix.O_APPEND)))
}

// tmpfileFlagsAllowed are the only open(2) flags Tmpfile accepts
// (O_TMPFILE is implied): a write access mode, and O_EXCL (never linkable).
const tmpfileFlagsAllowed = unix.O_ACCMODE | unix.O_APPEND | unix.O_EXCL

// tmpfile makes a regular file with no name in the directory (openat of
// "." with O_TMPFILE under the directory's fd), sets its mode and owner as
// create does, and returns its FID (whose node keeps the open file: LinkFID
// names it by that fd), its stat, and a second fd of it to donate.
func (s *server) tmpfile(req *Request) (FID, Stat, int, error) {
	d, err := s.dirNode(req.FID, true)
	if err != nil {
		return 0, Stat{}, -1, err
	}
	acc := req.Flags & unix.O_ACCMODE
	if req.Flags&^tmpfileFlagsAllowed != 0 || (acc != unix.O_WRONLY && acc != unix.O_RDWR) || req.Mode&^0o7777 != 0 {
		return 0, Stat{}, -1, unix.EINVAL
	}
	if len(s.fids) >= s.maxFIDs || s.nodes >= s.maxFIDs {
		return 0, Stat{}, -1, unix.ENFILE
	}
	fd, err := openat(d.fd, ".", int(req.Flags)|unix.O_TMPFILE|unix.O_CLOEXEC, req.Mode)
	if err != nil {
		return 0, Stat{}, -1, err
	}
	var hst unix.Stat_t
	err = unix.Fstat(fd, &hst)
	if err == nil && hst.Mode&unix.S_IFMT != unix.S_IFREG {
		err = unix.EIO // O_TMPFILE makes regular files only
	}
	if err == nil {
		err = s.fixNew(d, fd, -1, &hst, req.Mode, req.UID, req.GID)
	}
	var donate int
	if err == nil {
		donate, err = dup(fd)
	}
	if err != nil {
		unix.Close(fd)
		return 0, Stat{}, -1, err
	}
	st, err := fstat(fd)
	if err != nil {
		unix.Close(fd)
		unix.Close(donate)
		return 0, Stat{}, -1, err
	}
	n := &node{fd: fd, mode: unix.S_IFREG, dev: st.Dev, ino: st.Ino, refs: 1, mount: d.mount, tmpfile: true}
	s.nodes++
	return s.newFID(n), st, donate, nil
}

// linkFID gives the O_TMPFILE file a FID names a name in a directory of
// the same mount (linkat of its own fd, AT_EMPTY_PATH: the kernel refuses
// a file made with O_EXCL), and returns the new name's FID and stat.
func (s *server) linkFID(req *Request) (FID, Stat, error) {
	f, err := s.lookup(req.FID)
	if err != nil {
		return 0, Stat{}, err
	}
	nd, err := s.dirOf(req.NewFID, req.NewName, true)
	if err != nil {
		return 0, Stat{}, err
	}
	if !f.n.tmpfile {
		return 0, Stat{}, unix.EINVAL // named files link by name (Link)
	}
	if f.n.mount != nd.mount {
		return 0, Stat{}, unix.EXDEV
	}
	if err := retry(func() error { return unix.Linkat(f.n.fd, "", nd.fd, req.NewName, unix.AT_EMPTY_PATH) }); err != nil {
		return 0, Stat{}, err
	}
	n, st, err := s.child(nd, req.NewName, unix.S_IFREG)
	if err != nil {
		return 0, Stat{}, err
	}
	if st.Dev != f.n.dev || st.Ino != f.n.ino {
		s.release(n)
		return 0, Stat{}, unix.ESTALE
	}
	return s.newFID(n), st, nil
}

// reopen opens the regular file or directory n names with the access mode
// and O_APPEND in acc (a directory: O_RDONLY only), and checks that it is still the same
// inode. A regular file is reopened by name relative to its parent:
// O_NOFOLLOW, so a symlink put in its place fails; O_NONBLOCK, so a FIFO put
// in its place cannot block the gofer. A directory is reopened as "." of its
// own O_PATH fd, which names no other inode.
func reopen(n *node, acc int) (int, error) {
	var fd int
	var err error
	switch {
	case n.mode == unix.S_IFDIR:
		fd, err = openat(n.fd, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	case n.tmpfile:
		return dup(n.fd) // an O_TMPFILE file has no name to reopen by
	case n.parent == nil:
		return -1, unix.EINVAL // only a mount's root has no parent, and it is a directory
	default:
		fd, err = openat(n.parent.fd, n.name, acc|unix.O_NOFOLLOW|unix.O_CLOEXEC|unix.O_NOCTTY|unix.O_NONBLOCK, 0)
		if err == unix.ELOOP {
			return -1, unix.ESTALE // it was not a symlink at walk time
		}
	}
	if err != nil {
		return -1, err
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return -1, err
	}
	if st.Mode&unix.S_IFMT != n.mode || st.Dev != n.dev || st.Ino != n.ino {
		unix.Close(fd)
		return -1, unix.ESTALE
	}
	return fd, nil
}

// create makes and opens a regular file: openat(O_CREAT|O_NOFOLLOW) under
// the directory's fd, so an existing symlink is never followed. It returns
// the new file's FID, its stat and the opened fd to donate.
func (s *server) create(req *Request) (FID, Stat, int, error) {
	d, err := s.dirOf(req.FID, req.Name, true)
	if err != nil {
		return 0, Stat{}, -1, err
	}
	flags := req.Flags
	if flags&^createFlagsAllowed != 0 || flags&unix.O_ACCMODE == unix.O_ACCMODE || req.Mode&^0o7777 != 0 {
		return 0, Stat{}, -1, unix.EINVAL
	}
	fd, err := openat(d.fd, req.Name, int(flags)|unix.O_CREAT|unix.O_NOFOLLOW|unix.O_CLOEXEC|unix.O_NOCTTY|unix.O_NONBLOCK, req.Mode)
	if err != nil {
		return 0, Stat{}, -1, err
	}
	fail := func(err error) (FID, Stat, int, error) {
		unix.Close(fd)
		return 0, Stat{}, -1, err
	}
	var hst unix.Stat_t
	if err := unix.Fstat(fd, &hst); err != nil {
		return fail(err)
	}
	if hst.Mode&unix.S_IFMT != unix.S_IFREG {
		return fail(unix.EEXIST) // a FIFO, socket or device holds the name
	}
	// Without O_EXCL the file may have been there: it keeps its mode and
	// owner. The sentry always asks with O_EXCL.
	if flags&unix.O_EXCL != 0 {
		if err := s.fixNew(d, fd, -1, &hst, req.Mode, req.UID, req.GID); err != nil {
			return fail(err)
		}
	}
	n, st, err := s.child(d, req.Name, unix.S_IFREG)
	if err != nil {
		return fail(err)
	}
	if st.Dev != hst.Dev || st.Ino != hst.Ino {
		s.release(n)
		return fail(unix.ESTALE)
	}
	return s.newFID(n), st, fd, nil
}

// fixNew gives a file the gofer just made the mode and owner the sentry asked
// for: the host applied the gofer's umask to the mode, and made the gofer the
// owner. fd is an open fd of the file (for fchmod; -1 for a symlink, whose
// mode never matters) and pathFD an O_PATH fd (for fchownat) or -1 to use fd.
// The owner is set only when the gofer runs as root (otherwise the app runs
// as the gofer's user); the group of a file in a set-group-ID directory stays
// the directory's.
func (s *server) fixNew(d *node, fd, pathFD int, st *unix.Stat_t, mode, uid, gid uint32) error {
	if fd >= 0 && st.Mode&0o7777 != mode&0o7777 {
		want := mode & 0o7777
		if st.Mode&unix.S_IFMT == unix.S_IFDIR {
			want |= st.Mode & unix.S_ISGID // inherited from a set-group-ID parent
		}
		if want != st.Mode&0o7777 {
			if err := fchmod(fd, want); err != nil {
				return err
			}
		}
	}
	if !s.root || (st.Uid == uid && st.Gid == gid) {
		return nil
	}
	if st.Gid != gid {
		var dst unix.Stat_t
		if err := unix.Fstat(d.fd, &dst); err != nil {
			return err
		}
		if dst.Mode&unix.S_ISGID != 0 {
			gid = st.Gid
		}
	}
	if st.Uid == uid && st.Gid == gid {
		return nil
	}
	if pathFD < 0 {
		pathFD = fd
	}
	return fchownat(pathFD, uid, gid)
}

func (s *server) mkdir(req *Request) (FID, Stat, error) {
	d, err := s.dirOf(req.FID, req.Name, true)
	if err != nil {
		return 0, Stat{}, err
	}
	if req.Mode&^0o7777 != 0 {
		return 0, Stat{}, unix.EINVAL
	}
	if err := mkdirat(d.fd, req.Name, req.Mode); err != nil {
		return 0, Stat{}, err
	}
	n, st, err := s.child(d, req.Name, unix.S_IFDIR)
	if err != nil {
		return 0, Stat{}, err
	}
	return s.settle(d, n, st, req, 0o1777)
}

// settle gives node n, just made in d, the owner and the mode bits in mask
// that req asked for where the host made it otherwise (the umask, a
// set-group-ID directory), and returns its new FID and stat. reopen opens
// O_NONBLOCK, so a FIFO's open never waits here.
func (s *server) settle(d, n *node, st Stat, req *Request, mask uint32) (FID, Stat, error) {
	if s.root && (st.UID != req.UID || st.GID != req.GID) || st.Mode&mask != req.Mode&mask {
		fd, err := reopen(n, unix.O_RDONLY)
		if err == nil {
			var hst unix.Stat_t
			if err = unix.Fstat(fd, &hst); err == nil {
				err = s.fixNew(d, fd, -1, &hst, req.Mode, req.UID, req.GID)
			}
			unix.Close(fd)
		}
		if err == nil {
			st, err = fstat(n.fd)
		}
		if err != nil {
			s.release(n)
			return 0, Stat{}, err
		}
	}
	return s.newFID(n), st, nil
}

// mkfifo makes a named pipe (mknodat S_IFIFO: the only node type the
// gofer makes; never a device) and sets its owner and mode as mkdir does.
func (s *server) mkfifo(req *Request) (FID, Stat, error) {
	d, err := s.dirOf(req.FID, req.Name, true)
	if err != nil {
		return 0, Stat{}, err
	}
	if req.Mode&^0o7777 != 0 {
		return 0, Stat{}, unix.EINVAL
	}
	if err := retry(func() error { return unix.Mknodat(d.fd, req.Name, unix.S_IFIFO|req.Mode, 0) }); err != nil {
		return 0, Stat{}, err
	}
	n, st, err := s.child(d, req.Name, unix.S_IFIFO)
	if err != nil {
		return 0, Stat{}, err
	}
	return s.settle(d, n, st, req, 0o7777)
}

func (s *server) symlink(req *Request) (FID, Stat, error) {
	d, err := s.dirOf(req.FID, req.Name, true)
	if err != nil {
		return 0, Stat{}, err
	}
	if req.Target == "" {
		return 0, Stat{}, unix.ENOENT
	}
	if err := symlinkat(req.Target, d.fd, req.Name); err != nil {
		return 0, Stat{}, err
	}
	n, st, err := s.child(d, req.Name, unix.S_IFLNK)
	if err != nil {
		return 0, Stat{}, err
	}
	if s.root && (st.UID != req.UID || st.GID != req.GID) {
		hst := unix.Stat_t{Mode: st.Mode, Uid: st.UID, Gid: st.GID}
		err = s.fixNew(d, -1, n.fd, &hst, 0, req.UID, req.GID)
		if err == nil {
			st, err = fstat(n.fd)
		}
		if err != nil {
			s.release(n)
			return 0, Stat{}, err
		}
	}
	return s.newFID(n), st, nil
}

// pair returns the two directories of a Link or Rename, both writable and of
// the same mount (else EXDEV).
func (s *server) pair(req *Request) (*node, *node, error) {
	od, err := s.dirOf(req.FID, req.Name, true)
	if err != nil {
		return nil, nil, err
	}
	nd, err := s.dirOf(req.NewFID, req.NewName, true)
	if err != nil {
		return nil, nil, err
	}
	if od.mount != nd.mount {
		return nil, nil, unix.EXDEV
	}
	return od, nd, nil
}

// link makes newName in newDir a hard link to name in dir. linkat without
// AT_SYMLINK_FOLLOW links a symlink itself, never its target.
func (s *server) link(req *Request) (FID, Stat, error) {
	od, nd, err := s.pair(req)
	if err != nil {
		return 0, Stat{}, err
	}
	if err := linkat(od.fd, req.Name, nd.fd, req.NewName); err != nil {
		return 0, Stat{}, err
	}
	n, st, err := s.child(nd, req.NewName, 0)
	if err != nil {
		return 0, Stat{}, err
	}
	return s.newFID(n), st, nil
}

func (s *server) unlink(req *Request) error {
	d, err := s.dirOf(req.FID, req.Name, true)
	if err != nil {
		return err
	}
	if req.Flags&^unix.AT_REMOVEDIR != 0 {
		return unix.EINVAL
	}
	return unlinkat(d.fd, req.Name, int(req.Flags))
}

func (s *server) rename(req *Request) error {
	if req.Flags&^renameFlagsAllowed != 0 || req.Flags == renameFlagsAllowed {
		return unix.EINVAL
	}
	od, nd, err := s.pair(req)
	if err != nil {
		return err
	}
	return renameat2(od.fd, req.Name, nd.fd, req.NewName, uint(req.Flags))
}

// setattr changes a file's mode, owner and times; it never follows a
// symlink. The mode is set through a reopened fd (fchmod: an O_PATH fd will
// not do, and fchmodat would follow a symlink swapped in); owner and times
// through the O_PATH fd itself (AT_EMPTY_PATH).
func (s *server) setattr(req *Request) (Stat, error) {
	f, err := s.lookup(req.FID)
	if err != nil {
		return Stat{}, err
	}
	n := f.n
	if req.Mask&^setAttrAll != 0 || req.Mode&^0o7777 != 0 {
		return Stat{}, unix.EINVAL
	}
	if n.ro {
		return Stat{}, unix.EROFS
	}
	for _, t := range []Timespec{req.Atime, req.Mtime} {
		if t.Nsec != unix.UTIME_NOW && t.Nsec != unix.UTIME_OMIT && (t.Nsec < 0 || t.Nsec >= 1e9) {
			return Stat{}, unix.EINVAL
		}
	}
	if req.Mask&SetAttrMode != 0 {
		switch n.mode {
		case unix.S_IFREG, unix.S_IFDIR:
		case unix.S_IFLNK:
			return Stat{}, unix.EOPNOTSUPP
		default:
			return Stat{}, unix.EPERM // FIFOs, sockets and devices are never served
		}
		fd, err := reopen(n, unix.O_RDONLY)
		if err == unix.EACCES && n.mode == unix.S_IFREG {
			fd, err = reopen(n, unix.O_WRONLY)
		}
		if err != nil {
			return Stat{}, err
		}
		err = fchmod(fd, req.Mode)
		unix.Close(fd)
		if err != nil {
			return Stat{}, err
		}
	}
	if req.Mask&(SetAttrUID|SetAttrGID) != 0 {
		uid, gid := ^uint32(0), ^uint32(0)
		if req.Mask&SetAttrUID != 0 {
			uid = req.UID
		}
		if req.Mask&SetAttrGID != 0 {
			gid = req.GID
		}
		if err := fchownat(n.fd, uid, gid); err != nil {
			return Stat{}, err
		}
	}
	if req.Mask&(SetAttrAtime|SetAttrMtime) != 0 {
		ts := [2]unix.Timespec{{Nsec: unix.UTIME_OMIT}, {Nsec: unix.UTIME_OMIT}}
		if req.Mask&SetAttrAtime != 0 {
			ts[0] = unix.Timespec{Sec: req.Atime.Sec, Nsec: req.Atime.Nsec}
		}
		if req.Mask&SetAttrMtime != 0 {
			ts[1] = unix.Timespec{Sec: req.Mtime.Sec, Nsec: req.Mtime.Nsec}
		}
		if err := utimensat(n.fd, &ts); err != nil {
			return Stat{}, err
		}
	}
	return fstat(n.fd)
}

func (s *server) readlink(fid FID) (string, error) {
	f, err := s.lookup(fid)
	if err != nil {
		return "", err
	}
	if f.n.mode != unix.S_IFLNK {
		return "", unix.EINVAL
	}
	buf := make([]byte, MaxSymlink+1)
	n, err := readlinkat(f.n.fd, "", buf)
	if err != nil {
		return "", err
	}
	if n > MaxSymlink {
		return "", unix.ENAMETOOLONG
	}
	t := string(buf[:n])
	if checkTarget(t) != nil {
		return "", unix.EIO
	}
	return t, nil
}

func (s *server) getdents(fid FID, cookie uint64) ([]Dirent, uint64, error) {
	f, err := s.lookup(fid)
	if err != nil {
		return nil, 0, err
	}
	if f.n.mode != unix.S_IFDIR {
		return nil, 0, unix.ENOTDIR
	}
	if cookie == 0 || f.snap == nil {
		snap, err := listDir(f.n.fd)
		if err != nil {
			return nil, 0, err
		}
		f.snap = snap
	}
	if cookie >= uint64(len(f.snap)) {
		return nil, 0, nil
	}
	size := respHeaderSize + 8 + 4
	var page []Dirent
	i := cookie
	for ; i < uint64(len(f.snap)); i++ {
		d := f.snap[i]
		sz := direntSize + len(d.Name)
		if size+sz > MaxMessage {
			break
		}
		size += sz
		page = append(page, d)
	}
	if i >= uint64(len(f.snap)) {
		i = 0
	}
	return page, i, nil
}

// listDir reads a whole directory, "." and ".." included, through a fresh
// O_RDONLY fd of the same directory (reopened as "." of the O_PATH fd, which
// cannot be swapped for another inode).
func listDir(pathFD int) ([]Dirent, error) {
	fd, err := openat(pathFD, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	var out []Dirent
	buf := make([]byte, 32<<10)
	for {
		n, err := getdents(fd, buf)
		if err != nil {
			return nil, err
		}
		if n <= 0 {
			return out, nil
		}
		b := buf[:n]
		for len(b) > 0 {
			// struct linux_dirent64 { u64 ino; s64 off; u16 reclen; u8 type; char name[]; }
			if len(b) < 19 {
				return nil, unix.EIO
			}
			reclen := int(binary.NativeEndian.Uint16(b[16:18]))
			if reclen < 19 || reclen > len(b) {
				return nil, unix.EIO
			}
			name := b[19:reclen]
			if i := indexNUL(name); i >= 0 {
				name = name[:i]
			}
			d := Dirent{Ino: binary.NativeEndian.Uint64(b[0:8]), Type: b[18], Name: string(name)}
			b = b[reclen:]
			if checkDirentName(d.Name) != nil {
				continue // cannot happen on Linux; never send it
			}
			if len(out) >= maxSnapshot {
				return nil, unix.EOVERFLOW
			}
			out = append(out, d)
		}
	}
}

func indexNUL(b []byte) int {
	for i, c := range b {
		if c == 0 {
			return i
		}
	}
	return -1
}

func (s *server) statfs(fid FID) (FSStat, error) {
	f, err := s.lookup(fid)
	if err != nil {
		return FSStat{}, err
	}
	var st unix.Statfs_t
	if err := unix.Fstatfs(f.n.fd, &st); err != nil {
		return FSStat{}, err
	}
	return FSStat{
		Type:    int64(st.Type),
		Bsize:   int64(st.Bsize),
		Blocks:  st.Blocks,
		Bfree:   st.Bfree,
		Bavail:  st.Bavail,
		Files:   st.Files,
		Ffree:   st.Ffree,
		Fsid:    [2]int32{st.Fsid.Val[0], st.Fsid.Val[1]},
		Namelen: int64(st.Namelen),
		Frsize:  int64(st.Frsize),
		Flags:   int64(st.Flags),
	}, nil
}

func (s *server) clunk(fid FID) error {
	f, err := s.lookup(fid)
	if err != nil {
		return err
	}
	delete(s.fids, fid)
	s.release(f.n)
	return nil
}

// ---- host calls, retried on EINTR ----

func openat(dirfd int, name string, flags int, mode uint32) (int, error) {
	for {
		fd, err := unix.Openat(dirfd, name, flags, mode)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// retry runs a host call until it is not interrupted.
func retry(call func() error) error {
	for {
		if err := call(); err != unix.EINTR {
			return err
		}
	}
}

func mkdirat(dirfd int, name string, mode uint32) error {
	return retry(func() error { return unix.Mkdirat(dirfd, name, mode) })
}

func dup(fd int) (int, error) {
	var nfd int
	err := retry(func() (err error) { nfd, err = unix.Dup(fd); return })
	return nfd, err // not close-on-exec: the gofer never executes anything
}

func symlinkat(target string, dirfd int, name string) error {
	return retry(func() error { return unix.Symlinkat(target, dirfd, name) })
}

func linkat(olddir int, oldName string, newdir int, newName string) error {
	return retry(func() error { return unix.Linkat(olddir, oldName, newdir, newName, 0) })
}

func unlinkat(dirfd int, name string, flags int) error {
	return retry(func() error { return unix.Unlinkat(dirfd, name, flags) })
}

func renameat2(olddir int, oldName string, newdir int, newName string, flags uint) error {
	return retry(func() error { return unix.Renameat2(olddir, oldName, newdir, newName, flags) })
}

func fchmod(fd int, mode uint32) error {
	return retry(func() error { return unix.Fchmod(fd, mode) })
}

// fchownat changes the owner of the file pathFD (an O_PATH fd) itself, a
// symlink included; ^0 leaves an ID as it is.
func fchownat(pathFD int, uid, gid uint32) error {
	return retry(func() error {
		return unix.Fchownat(pathFD, "", int(int32(uid)), int(int32(gid)), unix.AT_EMPTY_PATH|unix.AT_SYMLINK_NOFOLLOW)
	})
}

// utimensat sets the times of the file pathFD (an O_PATH fd) itself.
func utimensat(pathFD int, ts *[2]unix.Timespec) error {
	return retry(func() error {
		return unix.UtimesNanoAt(pathFD, "", ts[:], unix.AT_EMPTY_PATH|unix.AT_SYMLINK_NOFOLLOW)
	})
}

func getdents(fd int, buf []byte) (int, error) {
	for {
		n, err := unix.Getdents(fd, buf)
		if err != unix.EINTR {
			return n, err
		}
	}
}

func readlinkat(fd int, name string, buf []byte) (int, error) {
	for {
		n, err := unix.Readlinkat(fd, name, buf)
		if err != unix.EINTR {
			return n, err
		}
	}
}

func fstat(fd int) (Stat, error) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return Stat{}, err
	}
	return statFromHost(&st), nil
}

// statFromHost passes the host's stat through unchanged.
func statFromHost(st *unix.Stat_t) Stat {
	return Stat{
		Dev:     uint64(st.Dev),
		Ino:     uint64(st.Ino),
		Mode:    uint32(st.Mode),
		Nlink:   uint64(st.Nlink),
		UID:     st.Uid,
		GID:     st.Gid,
		Rdev:    uint64(st.Rdev),
		Size:    st.Size,
		Blksize: int64(st.Blksize),
		Blocks:  st.Blocks,
		Atime:   Timespec{Sec: int64(st.Atim.Sec), Nsec: int64(st.Atim.Nsec)},
		Mtime:   Timespec{Sec: int64(st.Mtim.Sec), Nsec: int64(st.Mtim.Nsec)},
		Ctime:   Timespec{Sec: int64(st.Ctim.Sec), Nsec: int64(st.Ctim.Nsec)},
	}
}
