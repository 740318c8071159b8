package gofer

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"

	"go.uber.org/zap"
	"golang.org/x/sys/unix"
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

// openFlagsAllowed are the only open(2) flags Open accepts.
const openFlagsAllowed = unix.O_ACCMODE | unix.O_APPEND | unix.O_TRUNC

// node is one host file the server holds an O_PATH fd for. Nodes form a tree:
// each holds a reference on its parent, whose fd Open needs to reopen the
// file by name. A node is closed when its last reference goes.
type node struct {
	fd     int
	parent *node  // nil for the root
	name   string // the component in parent
	mode   uint32 // S_IFMT bits at walk time
	dev    uint64
	ino    uint64
	refs   int
}

// fidState is what one FID names, plus its directory listing snapshot.
type fidState struct {
	n    *node
	snap []Dirent // taken at Getdents cookie 0
}

// server serves one connection. It is used by one goroutine and needs no locks.
type server struct {
	root     *node
	readOnly bool
	log      *zap.Logger
	fids     map[FID]*fidState
	nextFID  FID
	maxFIDs  int
	nodes    int // live nodes, each holding one host fd
}

// Serve serves the directory tree at rootPath over conn, a connected
// SOCK_SEQPACKET unix socket, until the peer closes its end; then it returns
// nil. It returns an error if the root cannot be opened, the socket fails, or
// the peer sends a message so malformed that no reply can be addressed to it.
// Serve does not close conn; it closes every host fd it opened before it
// returns. With readOnly, every open for writing fails with EROFS.
func Serve(rootPath string, conn *os.File, readOnly bool, log *zap.Logger) error {
	return serve(rootPath, conn, readOnly, log, MaxFIDs)
}

// installFilter, when set (by Run), installs the gofer's seccomp filter once
// the root and the connection are open, before the first request.
var installFilter func() error

func serve(rootPath string, conn *os.File, readOnly bool, log *zap.Logger, maxFIDs int) error {
	if log == nil {
		log = zap.NewNop()
	}
	fd, err := unix.Open(rootPath, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("gofer: open root %q: %w", rootPath, err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return fmt.Errorf("gofer: stat root %q: %w", rootPath, err)
	}
	s := &server{
		root:     &node{fd: fd, mode: st.Mode & unix.S_IFMT, dev: uint64(st.Dev), ino: st.Ino, refs: 1},
		readOnly: readOnly,
		log:      log,
		fids:     make(map[FID]*fidState),
		nextFID:  1,
		maxFIDs:  maxFIDs,
		nodes:    1,
	}
	defer s.closeAll()

	c, err := net.FileConn(conn)
	if err != nil {
		return fmt.Errorf("gofer: socket: %w", err)
	}
	defer c.Close()
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return fmt.Errorf("gofer: socket is a %T, not a unix socket", c)
	}
	log.Debug("serving", zap.String("root", rootPath), zap.Bool("readOnly", readOnly))
	if installFilter != nil {
		// Everything from here on is served under the gofer's allowlist.
		if err := installFilter(); err != nil {
			return err
		}
	}

	in := make([]byte, MaxMessage+1)
	oob := make([]byte, unix.CmsgSpace(4*4))
	out := make([]byte, 0, MaxMessage)
	for {
		n, oobn, flags, _, err := uc.ReadMsgUnix(in, oob)
		if oobn > 0 {
			closeRights(oob[:oobn]) // the client never sends fds
		}
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, unix.ECONNRESET) {
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
		_, _, err = uc.WriteMsgUnix(out, rights, nil)
		if fdOut >= 0 {
			unix.Close(fdOut) // the peer has its own copy now
		}
		if err != nil {
			if errors.Is(err, unix.EPIPE) || errors.Is(err, unix.ECONNRESET) {
				log.Debug("peer closed")
				return nil
			}
			return fmt.Errorf("gofer: write: %w", err)
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

// handle runs one request. It returns the response and, for Open, the fd to
// donate (which the caller closes after sending), else -1.
func (s *server) handle(req *Request) (Response, int) {
	resp := Response{Op: req.Op, Tag: req.Tag}
	fd := -1
	var err error
	switch req.Op {
	case OpAttach:
		resp.FID, resp.Stat, err = s.attach()
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
	s.release(s.root)
	s.root = nil
}

func (s *server) attach() (FID, Stat, error) {
	if len(s.fids) >= s.maxFIDs {
		return 0, Stat{}, unix.ENFILE
	}
	st, err := fstat(s.root.fd)
	if err != nil {
		return 0, Stat{}, err
	}
	s.root.refs++
	return s.newFID(s.root), st, nil
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

func (s *server) walk(dir FID, name string) (FID, Stat, error) {
	if err := validName(name); err != nil {
		return 0, Stat{}, err
	}
	f, err := s.lookup(dir)
	if err != nil {
		return 0, Stat{}, err
	}
	if f.n.mode != unix.S_IFDIR {
		return 0, Stat{}, unix.ENOTDIR
	}
	// Bound FIDs, and host fds: a clunked directory stays open while a
	// walked child needs it.
	if len(s.fids) >= s.maxFIDs || s.nodes >= s.maxFIDs {
		return 0, Stat{}, unix.ENFILE
	}
	fd, err := openat(f.n.fd, name, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC)
	if err != nil {
		return 0, Stat{}, err
	}
	st, err := fstat(fd)
	if err != nil {
		unix.Close(fd)
		return 0, Stat{}, err
	}
	n := &node{fd: fd, parent: f.n, name: name, mode: st.Mode & unix.S_IFMT, dev: st.Dev, ino: st.Ino, refs: 1}
	f.n.refs++
	s.nodes++
	return s.newFID(n), st, nil
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
	if flags&^openFlagsAllowed != 0 || flags&unix.O_ACCMODE == unix.O_ACCMODE {
		return -1, unix.EINVAL
	}
	write := flags&unix.O_ACCMODE != unix.O_RDONLY || flags&unix.O_TRUNC != 0
	if write && s.readOnly {
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
	if n.parent == nil {
		return -1, unix.EINVAL // only the root has no parent, and it is a directory
	}
	// Reopen by name relative to the parent. O_NOFOLLOW: a symlink put in
	// its place fails. O_NONBLOCK: a FIFO put in its place cannot block us.
	// O_TRUNC is applied only once we know it is the same file.
	hflags := int(flags&^unix.O_TRUNC) | unix.O_NOFOLLOW | unix.O_CLOEXEC | unix.O_NOCTTY | unix.O_NONBLOCK
	fd, err := openat(n.parent.fd, n.name, hflags)
	if err != nil {
		if err == unix.ELOOP {
			return -1, unix.ESTALE // it was a regular file at walk time
		}
		return -1, err
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return -1, err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG || st.Dev != n.dev || st.Ino != n.ino {
		unix.Close(fd)
		return -1, unix.ESTALE
	}
	if flags&unix.O_TRUNC != 0 {
		if err := unix.Ftruncate(fd, 0); err != nil {
			unix.Close(fd)
			return -1, err
		}
	}
	// Clear O_NONBLOCK; keep O_APPEND.
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_SETFL, int(flags&unix.O_APPEND)); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
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
	fd, err := openat(pathFD, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC)
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

func openat(dirfd int, name string, flags int) (int, error) {
	for {
		fd, err := unix.Openat(dirfd, name, flags, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
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
