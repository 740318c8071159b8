package gofer

import (
	"errors"
	"fmt"
	"sync"

	"golang.org/x/sys/unix"
)

// connClosedError is the error of a dead connection. It unwraps to EIO, so
// errno translation turns it into EIO for the app.
type connClosedError struct{}

func (connClosedError) Error() string { return "gofer: connection closed" }
func (connClosedError) Unwrap() error { return unix.EIO }

// ErrConnClosed is returned (possibly wrapped; test with errors.Is) by every
// Client call once the connection is closed, broken, or the server sent a
// malformed reply. The Client is then unusable.
var ErrConnClosed error = connClosedError{}

// Client is the sentry's end of a gofer connection.
//
// It is safe for concurrent use: mu serializes whole request/reply exchanges,
// so there is at most one request in flight. Errors the server reports come
// back as unix.Errno; a dead connection as ErrConnClosed.
type Client struct {
	mu   sync.Mutex // leaf lock; guards everything below
	fd   int        // blocking SOCK_SEQPACKET socket: a call blocks its own thread, no netpoller hand-off
	tag  uint32
	dead error // non-nil once the connection is unusable
	out  []byte
	in   []byte
	oob  []byte
}

// NewClient takes ownership of fd, a connected SOCK_SEQPACKET unix socket, and
// returns a client on it. On error fd is closed.
func NewClient(fd int) (*Client, error) {
	typ, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE)
	if err != nil || typ != unix.SOCK_SEQPACKET {
		unix.Close(fd)
		return nil, fmt.Errorf("gofer: client socket is not a SOCK_SEQPACKET unix socket")
	}
	if err := unix.SetNonblock(fd, false); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("gofer: client socket: %w", err)
	}
	return &Client{
		fd:  fd,
		out: make([]byte, 0, 512),
		in:  make([]byte, MaxMessage+1),
		oob: make([]byte, unix.CmsgSpace(4*4)),
	}, nil
}

// Close closes the connection; the server then sees the peer hang up. Calls
// after Close return ErrConnClosed.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dead == nil {
		c.dead = ErrConnClosed
	}
	return unix.Close(c.fd)
}

// fail marks the connection dead and returns the error callers should see.
// Called with mu held.
func (c *Client) fail(format string, args ...any) error {
	err := fmt.Errorf("%w: "+format, append([]any{ErrConnClosed}, args...)...)
	if c.dead == nil {
		c.dead = err
		unix.Close(c.fd)
	}
	return err
}

// call sends req and waits for its reply. If wantFD, a successful reply must
// carry exactly one fd, which is returned (else -1). A reply with an errno is
// returned as that unix.Errno.
func (c *Client) call(req Request, wantFD bool) (Response, int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dead != nil {
		return Response{}, -1, c.dead
	}
	c.tag++
	req.Tag = c.tag
	if req.CPU == 0 {
		req.CPU = currentCPU()
	}
	out, err := req.Encode(c.out[:0])
	if err != nil {
		var de *DecodeError
		if errors.As(err, &de) {
			return Response{}, -1, de.Errno
		}
		return Response{}, -1, unix.EINVAL
	}
	c.out = out
	if err := sendmsg(c.fd, out, nil); err != nil {
		return Response{}, -1, c.fail("send %v: %v", req.Op, err)
	}
	n, oobn, flags, err := recvmsg(c.fd, c.in, c.oob)
	fds, perr := rightsOf(c.oob[:oobn])
	closeAll := func() {
		for _, fd := range fds {
			unix.Close(fd)
		}
	}
	if err != nil || n == 0 {
		closeAll()
		if err == nil {
			err = errors.New("EOF")
		}
		return Response{}, -1, c.fail("receive %v: %v", req.Op, err)
	}
	if perr != nil || flags&(unix.MSG_TRUNC|unix.MSG_CTRUNC) != 0 {
		closeAll()
		return Response{}, -1, c.fail("truncated or bad reply to %v", req.Op)
	}
	resp, err := DecodeResponse(c.in[:n])
	if err != nil {
		closeAll()
		return Response{}, -1, c.fail("reply to %v: %v", req.Op, err)
	}
	if resp.Op != req.Op || resp.Tag != req.Tag {
		closeAll()
		return Response{}, -1, c.fail("reply %v/%d to request %v/%d", resp.Op, resp.Tag, req.Op, req.Tag)
	}
	if resp.Errno != 0 {
		closeAll()
		return Response{}, -1, resp.Errno
	}
	if !wantFD {
		if len(fds) != 0 {
			closeAll()
			return Response{}, -1, c.fail("unexpected fds in reply to %v", req.Op)
		}
		return resp, -1, nil
	}
	if len(fds) != 1 {
		closeAll()
		return Response{}, -1, c.fail("%d fds in reply to %v, want 1", len(fds), req.Op)
	}
	fd := fds[0]
	unix.CloseOnExec(fd)
	var st unix.Stat_t
	want := uint32(unix.S_IFREG)
	if req.Op == OpOpen && req.Flags&unix.O_DIRECTORY != 0 {
		want = unix.S_IFDIR
	}
	if err := unix.Fstat(fd, &st); err != nil || st.Mode&unix.S_IFMT != want {
		unix.Close(fd)
		return Response{}, -1, c.fail("donated fd for %v is not a %s", req.Op, map[bool]string{true: "directory", false: "regular file"}[want == unix.S_IFDIR])
	}
	return resp, fd, nil
}

// rightsOf returns every fd in a control message buffer. On a parse error it
// still returns the fds it found, so the caller can close them.
func rightsOf(oob []byte) ([]int, error) {
	if len(oob) == 0 {
		return nil, nil
	}
	msgs, err := unix.ParseSocketControlMessage(oob)
	if err != nil {
		return nil, err
	}
	var fds []int
	var bad error
	for i := range msgs {
		f, err := unix.ParseUnixRights(&msgs[i])
		if err != nil {
			bad = err
			continue
		}
		fds = append(fds, f...)
	}
	return fds, bad
}

// Attach returns a new FID for the server's root and its stat.
func (c *Client) Attach() (FID, Stat, error) { return c.AttachMount(0) }

// AttachMount returns a new FID for the root of mount i (0 the root, then
// the bind mounts in the server's order) and its stat. Errors: ENOENT for no
// such mount.
func (c *Client) AttachMount(i uint32) (FID, Stat, error) {
	r, _, err := c.call(Request{Op: OpAttach, Mount: i}, false)
	return r.FID, r.Stat, err
}

// Walk returns a new FID for the entry name of directory dir, and its lstat:
// a symlink is returned as the symlink. name must be one component: "", ".",
// "..", or a name with "/" fail with EINVAL, one over 255 bytes with
// ENAMETOOLONG; walking from a non-directory fails with ENOTDIR.
func (c *Client) Walk(dir FID, name string) (FID, Stat, error) {
	if len(name) > MaxName {
		return 0, Stat{}, unix.ENAMETOOLONG
	}
	r, _, err := c.call(Request{Op: OpWalk, FID: dir, Name: name}, false)
	return r.FID, r.Stat, err
}

// Stat returns the current stat of fid.
func (c *Client) Stat(fid FID) (Stat, error) {
	r, _, err := c.call(Request{Op: OpStat, FID: fid}, false)
	return r.Stat, err
}

// Open opens the regular file fid names and returns a host fd (close-on-exec)
// that the caller owns. flags may hold only an access mode and O_APPEND
// (else EINVAL): truncation is the caller's, with ftruncate on the fd. With
// exactly O_RDONLY|O_DIRECTORY it opens a directory instead (ENOTDIR for
// anything else), for fsync: the sentry may not list or open under it.
// Errors: EROFS for write access on a read-only mount, EISDIR for a
// directory, ELOOP for a symlink, EINVAL for other non-regular files, ESTALE
// if the name now holds another file.
func (c *Client) Open(fid FID, flags int) (int, error) {
	if flags < 0 || uint64(flags) > 0xffffffff {
		return -1, unix.EINVAL
	}
	_, fd, err := c.call(Request{Op: OpOpen, FID: fid, Flags: uint32(flags)}, true)
	return fd, err
}

// Readlink returns the target of the symlink fid names (EINVAL if it is not a
// symlink).
func (c *Client) Readlink(fid FID) (string, error) {
	r, _, err := c.call(Request{Op: OpReadlink, FID: fid}, false)
	return r.Target, err
}

// Getdents returns a page of the entries of directory fid from cookie on,
// "." and ".." included, and the cookie of the next page, 0 when this page is
// the last. Cookie 0 takes a fresh snapshot of the directory.
func (c *Client) Getdents(fid FID, cookie uint64) ([]Dirent, uint64, error) {
	r, _, err := c.call(Request{Op: OpGetdents, FID: fid, Cookie: cookie}, false)
	return r.Dirents, r.Next, err
}

// StatFS returns the statfs of the filesystem holding fid.
func (c *Client) StatFS(fid FID) (FSStat, error) {
	r, _, err := c.call(Request{Op: OpStatFS, FID: fid}, false)
	return r.FSStat, err
}

// Clunk forgets fid. The FID is invalid afterwards even on error.
func (c *Client) Clunk(fid FID) error {
	_, _, err := c.call(Request{Op: OpClunk, FID: fid}, false)
	return err
}

// Create makes the regular file name in directory dir with mode (permission
// bits; no umask is applied) owned by uid:gid, opens it with flags (an
// access mode, O_APPEND, O_EXCL, O_TRUNC; O_CREAT is implied) and returns
// its FID, its stat and a host fd the caller owns. Without O_EXCL an
// existing regular file is opened as it is. A symlink at name is never
// followed. Errors: EEXIST, EROFS, ENOTDIR, EINVAL (bad name or flags),
// ELOOP (without O_EXCL: name is a symlink).
func (c *Client) Create(dir FID, name string, flags int, mode, uid, gid uint32) (FID, Stat, int, error) {
	if flags < 0 || uint64(flags) > 0xffffffff {
		return 0, Stat{}, -1, unix.EINVAL
	}
	r, fd, err := c.call(Request{Op: OpCreate, FID: dir, Name: name, Flags: uint32(flags), Mode: mode, UID: uid, GID: gid}, true)
	return r.FID, r.Stat, fd, err
}

// Tmpfile makes a regular file with no name in directory dir (O_TMPFILE)
// with mode, owned by uid:gid, opened with flags (O_WRONLY or O_RDWR,
// O_APPEND, O_EXCL: never linkable), and returns its FID (for LinkFID and
// attribute changes), its stat and a host fd the caller owns. Errors:
// EOPNOTSUPP (the host filesystem has no O_TMPFILE), EROFS, ENOTDIR, EINVAL.
func (c *Client) Tmpfile(dir FID, flags int, mode, uid, gid uint32) (FID, Stat, int, error) {
	if flags < 0 || uint64(flags) > 0xffffffff {
		return 0, Stat{}, -1, unix.EINVAL
	}
	r, fd, err := c.call(Request{Op: OpTmpfile, FID: dir, Flags: uint32(flags), Mode: mode, UID: uid, GID: gid}, true)
	return r.FID, r.Stat, fd, err
}

// LinkFID makes newName in newDir a hard link to the O_TMPFILE file fid
// names, and returns the FID and stat of the new name. Errors: ENOENT (made
// with O_EXCL), EEXIST, EXDEV (another mount), EINVAL (not an O_TMPFILE
// file), EROFS.
func (c *Client) LinkFID(fid, newDir FID, newName string) (FID, Stat, error) {
	r, _, err := c.call(Request{Op: OpLinkFID, FID: fid, NewFID: newDir, NewName: newName}, false)
	return r.FID, r.Stat, err
}

// Mkdir makes the directory name in dir with mode, owned by uid:gid, and
// returns its FID and stat. Errors: EEXIST, EROFS, ENOTDIR, EINVAL.
func (c *Client) Mkdir(dir FID, name string, mode, uid, gid uint32) (FID, Stat, error) {
	r, _, err := c.call(Request{Op: OpMkdir, FID: dir, Name: name, Mode: mode, UID: uid, GID: gid}, false)
	return r.FID, r.Stat, err
}

// Mkfifo makes the named pipe name in dir with mode (permission bits),
// owned by uid:gid, and returns its FID and stat. Errors: EEXIST, EROFS,
// ENOTDIR, EINVAL.
func (c *Client) Mkfifo(dir FID, name string, mode, uid, gid uint32) (FID, Stat, error) {
	r, _, err := c.call(Request{Op: OpMkfifo, FID: dir, Name: name, Mode: mode, UID: uid, GID: gid}, false)
	return r.FID, r.Stat, err
}

// Symlink makes the symlink name in dir pointing to target, owned by
// uid:gid, and returns its FID and stat. Errors: EEXIST, EROFS, ENOENT (empty
// target).
func (c *Client) Symlink(dir FID, name, target string, uid, gid uint32) (FID, Stat, error) {
	r, _, err := c.call(Request{Op: OpSymlink, FID: dir, Name: name, Target: target, UID: uid, GID: gid}, false)
	return r.FID, r.Stat, err
}

// Link makes newName in newDir a hard link to name in dir (a symlink is
// linked itself) and returns the FID and stat of the new name. Errors:
// EEXIST, EXDEV (another mount), EPERM (a directory), EROFS.
func (c *Client) Link(dir FID, name string, newDir FID, newName string) (FID, Stat, error) {
	r, _, err := c.call(Request{Op: OpLink, FID: dir, Name: name, NewFID: newDir, NewName: newName}, false)
	return r.FID, r.Stat, err
}

// Unlink removes name from dir: a non-directory, or with
// flags AT_REMOVEDIR an empty directory. Errors: ENOENT, EISDIR, ENOTDIR,
// ENOTEMPTY, EROFS.
func (c *Client) Unlink(dir FID, name string, flags int) error {
	if flags < 0 || uint64(flags) > 0xffffffff {
		return unix.EINVAL
	}
	_, _, err := c.call(Request{Op: OpUnlink, FID: dir, Name: name, Flags: uint32(flags)}, false)
	return err
}

// Rename renames name in dir to newName in newDir as renameat2 does, with
// flags RENAME_NOREPLACE or RENAME_EXCHANGE. Errors: those of renameat2,
// EXDEV between mounts, EROFS.
func (c *Client) Rename(dir FID, name string, newDir FID, newName string, flags uint32) error {
	_, _, err := c.call(Request{Op: OpRename, FID: dir, Name: name, NewFID: newDir, NewName: newName, Flags: flags}, false)
	return err
}

// SetAttr changes what mask (SetAttr* bits) names: the mode (permission bits),
// owner, group, access and modification times (Nsec may be UTIME_NOW); it
// never follows a symlink. It returns the new stat. Errors: EROFS, EPERM,
// EOPNOTSUPP (the mode of a symlink), EINVAL.
func (c *Client) SetAttr(fid FID, mask, mode, uid, gid uint32, atime, mtime Timespec) (Stat, error) {
	r, _, err := c.call(Request{Op: OpSetAttr, FID: fid, Mask: mask, Mode: mode, UID: uid, GID: gid, Atime: atime, Mtime: mtime}, false)
	return r.Stat, err
}
