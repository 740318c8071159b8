// Package gofer owns the file server that stands between the sentry and the
// host's files: the wire protocol (this file), the server that runs in the
// `husk gofer` process (server.go, run.go) and the client the sentry uses
// (client.go).
//
// The sentry resolves every path itself (symlinks, `..`, mounts), so the
// protocol offers only one-component operations on file IDs (FIDs). The server
// opens each component with openat(dirfd, name, O_PATH|O_NOFOLLOW) relative to
// an fd it already holds, so it can never be led out of its root by a symlink
// or `..`. Opened regular files are donated to the sentry as host FDs
// (SCM_RIGHTS) so reads and writes need no round trip; truncation and syncs
// are the sentry's too, on those FDs.
//
// The server serves several trees: the root and the bind mounts, each
// read-only or writable; Attach names one. On a writable tree the name
// operations (Create, Mkdir, Symlink, Link, Unlink, Rename) take a directory
// FID and one component, and act with the *at call under the directory's
// held fd, never following a symlink; SetAttr acts on the FID's own O_PATH fd
// (AT_EMPTY_PATH) or on a reopened and checked fd (fchmod). A read-only tree
// answers all of them EROFS.
//
// It must never: follow a symlink or `..` below its root; trust a length, a
// count or a name from the wire before bounding it; panic on any message;
// donate an FD for any inode other than the one the FID names.
//
// Lock order: the server is single-threaded per connection and takes no locks.
// Client.mu is the only lock in the package and is a leaf: it is held across
// one request/reply exchange and nothing else is locked while it is held.
package gofer

import (
	"encoding/binary"
	"fmt"
	"strings"

	"golang.org/x/sys/unix"
)

// Limits of the protocol. Every length and count read from the wire is checked
// against these before anything is allocated.
const (
	// MaxMessage is the largest message, request or response, in bytes.
	MaxMessage = 64 << 10
	// MaxName is the longest path component (NAME_MAX).
	MaxName = 255
	// MaxSymlink is the longest symlink target (PATH_MAX - 1).
	MaxSymlink = 4095
	// maxErrno is one past the largest errno a response may carry.
	maxErrno = 4096
)

// Op is a protocol operation. New ops are appended; existing values never change.
type Op uint8

// The operations.
const (
	OpAttach   Op = iota + 1 // -> new FID of the root + its stat
	OpWalk                   // (fid, name) -> new FID + lstat of the component
	OpStat                   // (fid) -> stat
	OpOpen                   // (fid, flags) -> donated host FD
	OpReadlink               // (fid) -> symlink target
	OpGetdents               // (fid, cookie) -> a page of entries + next cookie
	OpStatFS                 // (fid) -> statfs
	OpClunk                  // (fid) -> forget the FID
	OpCreate                 // (dir, name, flags, mode, uid, gid) -> new FID + stat + donated host FD
	OpMkdir                  // (dir, name, mode, uid, gid) -> new FID + stat
	OpSymlink                // (dir, name, target, uid, gid) -> new FID + stat
	OpLink                   // (dir, name, newDir, newName) -> new FID + stat of newName
	OpUnlink                 // (dir, name, flags: 0 or AT_REMOVEDIR)
	OpRename                 // (dir, name, newDir, newName, flags: RENAME_NOREPLACE|RENAME_EXCHANGE)
	OpSetAttr                // (fid, mask, mode, uid, gid, atime, mtime) -> stat
	OpMkfifo                 // (dir, name, mode, uid, gid) -> new FID + stat of a new FIFO
	OpTmpfile                // (dir, flags, mode, uid, gid) -> new FID + stat + donated host FD of a file with no name (O_TMPFILE)
	OpLinkFID                // (fid, newDir, newName) -> new FID + stat of newName, a hard link to the FID's own file (an O_TMPFILE file)
	opEnd                    // one past the last op
)

var opNames = [...]string{"", "attach", "walk", "stat", "open", "readlink", "getdents", "statfs", "clunk",
	"create", "mkdir", "symlink", "link", "unlink", "rename", "setattr", "mkfifo", "tmpfile", "linkfid"}

func (o Op) String() string {
	if o > 0 && o < opEnd {
		return opNames[o]
	}
	return fmt.Sprintf("op(%d)", uint8(o))
}

// Valid reports whether o is a known operation.
func (o Op) Valid() bool { return o > 0 && o < opEnd }

// FID names a file on the server. FIDs are chosen by the server and are never
// reused within one connection.
type FID uint64

// Timespec is a time as the host's struct timespec.
type Timespec struct {
	Sec  int64
	Nsec int64
}

// Stat is the host's struct stat of a file, passed through unchanged.
type Stat struct {
	Dev     uint64
	Ino     uint64
	Mode    uint32 // full st_mode, including the S_IFMT type bits
	Nlink   uint64
	UID     uint32
	GID     uint32
	Rdev    uint64
	Size    int64
	Blksize int64
	Blocks  int64
	Atime   Timespec
	Mtime   Timespec
	Ctime   Timespec
}

const statSize = 8 + 8 + 4 + 8 + 4 + 4 + 8 + 8 + 8 + 8 + 3*16

// FSStat is the host's struct statfs of a filesystem.
type FSStat struct {
	Type    int64
	Bsize   int64
	Blocks  uint64
	Bfree   uint64
	Bavail  uint64
	Files   uint64
	Ffree   uint64
	Fsid    [2]int32
	Namelen int64
	Frsize  int64
	Flags   int64
}

const fsStatSize = 8*10 + 8

// Dirent is one directory entry as getdents64 returns it.
type Dirent struct {
	Ino  uint64
	Type uint8 // DT_*
	Name string
}

// direntSize is the encoded size of a Dirent with an empty name.
const direntSize = 8 + 1 + 2

// SetAttr mask bits: which attributes a SetAttr request changes.
const (
	SetAttrMode  = 1 << iota // chmod to Mode (permission bits, 07777)
	SetAttrUID               // chown to UID
	SetAttrGID               // chown to GID
	SetAttrAtime             // Atime (Nsec may be UTIME_NOW)
	SetAttrMtime             // Mtime (Nsec may be UTIME_NOW)
	setAttrAll   = 1<<iota - 1
)

// Request is one request. Only the fields the op uses are encoded; the others
// are zero after decoding.
type Request struct {
	Op      Op
	Tag     uint32
	CPU     uint16   // every op: 1 + the CPU the caller runs on, or 0 (the server follows it: local wake-ups)
	FID     FID      // all ops but Attach; the directory of name ops
	Mount   uint32   // Attach: 0 the root, i the i-th bind mount
	Flags   uint32   // Open, Create, Tmpfile, Unlink, Rename
	Cookie  uint64   // Getdents
	Name    string   // Walk, Create, Mkdir, Symlink, Link, Unlink, Rename
	NewFID  FID      // Link, LinkFID, Rename: the directory of NewName
	NewName string   // Link, LinkFID, Rename
	Target  string   // Symlink
	Mode    uint32   // Create, Tmpfile, Mkdir, SetAttr
	UID     uint32   // Create, Tmpfile, Mkdir, Symlink, SetAttr
	GID     uint32   // Create, Tmpfile, Mkdir, Symlink, SetAttr
	Mask    uint32   // SetAttr: SetAttr* bits
	Atime   Timespec // SetAttr
	Mtime   Timespec // SetAttr
}

// Response is one response. Errno 0 means success; then the fields the op
// uses are set. A failed response carries no payload.
type Response struct {
	Op      Op
	Tag     uint32
	Errno   unix.Errno
	FID     FID      // Attach, Walk, Create, Mkdir, Symlink, Link
	Stat    Stat     // Attach, Walk, Stat, Create, Mkdir, Symlink, Link, SetAttr
	Target  string   // Readlink
	Next    uint64   // Getdents: the cookie of the next page, 0 when done
	Dirents []Dirent // Getdents
	FSStat  FSStat   // StatFS
}

// headerSize is op (1) + tag (4); requests add the CPU hint (2), responses
// errno (4).
const (
	reqHeaderSize  = 1 + 4 + 2
	respHeaderSize = 1 + 4 + 4
)

// DecodeError is a malformed message. Errno is what a server answers with when
// it could read the op and tag of a malformed request.
type DecodeError struct {
	Errno  unix.Errno
	Reason string
}

func (e *DecodeError) Error() string { return "gofer: bad message: " + e.Reason }

func decodeErr(errno unix.Errno, format string, args ...any) error {
	return &DecodeError{Errno: errno, Reason: fmt.Sprintf(format, args...)}
}

// checkName checks a name from the wire or for the wire: bounded and NUL-free.
// Its meaning (no "/", ".", "..", "") is the server's business.
func checkName(name string) error {
	if len(name) > MaxName {
		return decodeErr(unix.ENAMETOOLONG, "name of %d bytes", len(name))
	}
	if strings.IndexByte(name, 0) >= 0 {
		return decodeErr(unix.EINVAL, "NUL in name")
	}
	return nil
}

// checkDirentName checks a name in a directory listing: what the host returns.
func checkDirentName(name string) error {
	if err := checkName(name); err != nil {
		return err
	}
	if name == "" || strings.IndexByte(name, '/') >= 0 {
		return decodeErr(unix.EINVAL, "bad directory entry name %q", name)
	}
	return nil
}

func checkTarget(t string) error {
	if len(t) > MaxSymlink {
		return decodeErr(unix.ENAMETOOLONG, "symlink target of %d bytes", len(t))
	}
	if strings.IndexByte(t, 0) >= 0 {
		return decodeErr(unix.EINVAL, "NUL in symlink target")
	}
	return nil
}

// ---- encoding ----

type encoder struct{ b []byte }

func (e *encoder) u8(v uint8)   { e.b = append(e.b, v) }
func (e *encoder) u16(v uint16) { e.b = binary.LittleEndian.AppendUint16(e.b, v) }
func (e *encoder) u32(v uint32) { e.b = binary.LittleEndian.AppendUint32(e.b, v) }
func (e *encoder) u64(v uint64) { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *encoder) i64(v int64)  { e.u64(uint64(v)) }
func (e *encoder) str(s string) { e.u16(uint16(len(s))); e.b = append(e.b, s...) }

func (e *encoder) stat(s *Stat) {
	e.u64(s.Dev)
	e.u64(s.Ino)
	e.u32(s.Mode)
	e.u64(s.Nlink)
	e.u32(s.UID)
	e.u32(s.GID)
	e.u64(s.Rdev)
	e.i64(s.Size)
	e.i64(s.Blksize)
	e.i64(s.Blocks)
	for _, t := range [...]Timespec{s.Atime, s.Mtime, s.Ctime} {
		e.i64(t.Sec)
		e.i64(t.Nsec)
	}
}

func (e *encoder) fsstat(s *FSStat) {
	e.i64(s.Type)
	e.i64(s.Bsize)
	e.u64(s.Blocks)
	e.u64(s.Bfree)
	e.u64(s.Bavail)
	e.u64(s.Files)
	e.u64(s.Ffree)
	e.u32(uint32(s.Fsid[0]))
	e.u32(uint32(s.Fsid[1]))
	e.i64(s.Namelen)
	e.i64(s.Frsize)
	e.i64(s.Flags)
}

// Encode appends the encoded request to buf. It fails on an unknown op, a bad
// name, or a message over MaxMessage.
func (r *Request) Encode(buf []byte) ([]byte, error) {
	if !r.Op.Valid() {
		return buf, fmt.Errorf("gofer: encode: unknown %v", r.Op)
	}
	e := encoder{b: buf}
	e.u8(uint8(r.Op))
	e.u32(r.Tag)
	e.u16(r.CPU)
	name := func(n string) error {
		if err := checkName(n); err != nil {
			return err
		}
		e.str(n)
		return nil
	}
	switch r.Op {
	case OpAttach:
		e.u32(r.Mount)
	case OpWalk:
		e.u64(uint64(r.FID))
		if err := name(r.Name); err != nil {
			return buf, err
		}
	case OpCreate, OpMkdir, OpSymlink, OpMkfifo:
		e.u64(uint64(r.FID))
		if err := name(r.Name); err != nil {
			return buf, err
		}
		switch r.Op {
		case OpCreate:
			e.u32(r.Flags)
			e.u32(r.Mode)
		case OpMkdir, OpMkfifo:
			e.u32(r.Mode)
		case OpSymlink:
			if err := checkTarget(r.Target); err != nil {
				return buf, err
			}
			e.str(r.Target)
		}
		e.u32(r.UID)
		e.u32(r.GID)
	case OpTmpfile:
		e.u64(uint64(r.FID))
		e.u32(r.Flags)
		e.u32(r.Mode)
		e.u32(r.UID)
		e.u32(r.GID)
	case OpLinkFID:
		e.u64(uint64(r.FID))
		e.u64(uint64(r.NewFID))
		if err := name(r.NewName); err != nil {
			return buf, err
		}
	case OpLink, OpRename:
		e.u64(uint64(r.FID))
		if err := name(r.Name); err != nil {
			return buf, err
		}
		e.u64(uint64(r.NewFID))
		if err := name(r.NewName); err != nil {
			return buf, err
		}
		if r.Op == OpRename {
			e.u32(r.Flags)
		}
	case OpUnlink:
		e.u64(uint64(r.FID))
		if err := name(r.Name); err != nil {
			return buf, err
		}
		e.u32(r.Flags)
	case OpSetAttr:
		e.u64(uint64(r.FID))
		e.u32(r.Mask)
		e.u32(r.Mode)
		e.u32(r.UID)
		e.u32(r.GID)
		e.i64(r.Atime.Sec)
		e.i64(r.Atime.Nsec)
		e.i64(r.Mtime.Sec)
		e.i64(r.Mtime.Nsec)
	case OpOpen:
		e.u64(uint64(r.FID))
		e.u32(r.Flags)
	case OpGetdents:
		e.u64(uint64(r.FID))
		e.u64(r.Cookie)
	default: // Stat, Readlink, StatFS, Clunk
		e.u64(uint64(r.FID))
	}
	if len(e.b)-len(buf) > MaxMessage {
		return buf, fmt.Errorf("gofer: encode: request over %d bytes", MaxMessage)
	}
	return e.b, nil
}

// Encode appends the encoded response to buf. It fails on an unknown op, an
// errno out of range, a bad name or target, or a message over MaxMessage.
func (r *Response) Encode(buf []byte) ([]byte, error) {
	if !r.Op.Valid() {
		return buf, fmt.Errorf("gofer: encode: unknown %v", r.Op)
	}
	if r.Errno >= maxErrno {
		return buf, fmt.Errorf("gofer: encode: errno %d out of range", uint32(r.Errno))
	}
	e := encoder{b: buf}
	e.u8(uint8(r.Op))
	e.u32(r.Tag)
	e.u32(uint32(r.Errno))
	if r.Errno == 0 {
		switch r.Op {
		case OpAttach, OpWalk, OpCreate, OpMkdir, OpSymlink, OpLink, OpMkfifo, OpTmpfile, OpLinkFID:
			e.u64(uint64(r.FID))
			e.stat(&r.Stat)
		case OpStat, OpSetAttr:
			e.stat(&r.Stat)
		case OpReadlink:
			if err := checkTarget(r.Target); err != nil {
				return buf, err
			}
			e.str(r.Target)
		case OpGetdents:
			e.u64(r.Next)
			e.u32(uint32(len(r.Dirents)))
			for i := range r.Dirents {
				d := &r.Dirents[i]
				if err := checkDirentName(d.Name); err != nil {
					return buf, err
				}
				e.u64(d.Ino)
				e.u8(d.Type)
				e.str(d.Name)
				if len(e.b)-len(buf) > MaxMessage {
					return buf, fmt.Errorf("gofer: encode: response over %d bytes", MaxMessage)
				}
			}
		case OpStatFS:
			e.fsstat(&r.FSStat)
		case OpOpen, OpClunk, OpUnlink, OpRename:
		}
	}
	if len(e.b)-len(buf) > MaxMessage {
		return buf, fmt.Errorf("gofer: encode: response over %d bytes", MaxMessage)
	}
	return e.b, nil
}

// ---- decoding ----

// decoder reads from b; after the first short read every read returns zero
// and err is set, so callers check err once at the end.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b) {
		d.err = decodeErr(unix.EINVAL, "short message")
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) u8() uint8 {
	if v := d.take(1); v != nil {
		return v[0]
	}
	return 0
}

func (d *decoder) u16() uint16 {
	if v := d.take(2); v != nil {
		return binary.LittleEndian.Uint16(v)
	}
	return 0
}

func (d *decoder) u32() uint32 {
	if v := d.take(4); v != nil {
		return binary.LittleEndian.Uint32(v)
	}
	return 0
}

func (d *decoder) u64() uint64 {
	if v := d.take(8); v != nil {
		return binary.LittleEndian.Uint64(v)
	}
	return 0
}

func (d *decoder) i64() int64 { return int64(d.u64()) }

// str reads a length-prefixed string of at most max bytes. The length is
// checked before anything is copied.
func (d *decoder) str(max int, what string) string {
	n := int(d.u16())
	if d.err != nil {
		return ""
	}
	if n > max {
		d.err = decodeErr(unix.ENAMETOOLONG, "%s of %d bytes", what, n)
		return ""
	}
	v := d.take(n)
	if v == nil {
		return ""
	}
	return string(v)
}

func (d *decoder) stat() (s Stat) {
	s.Dev = d.u64()
	s.Ino = d.u64()
	s.Mode = d.u32()
	s.Nlink = d.u64()
	s.UID = d.u32()
	s.GID = d.u32()
	s.Rdev = d.u64()
	s.Size = d.i64()
	s.Blksize = d.i64()
	s.Blocks = d.i64()
	for _, t := range [...]*Timespec{&s.Atime, &s.Mtime, &s.Ctime} {
		t.Sec = d.i64()
		t.Nsec = d.i64()
	}
	return s
}

func (d *decoder) fsstat() (s FSStat) {
	s.Type = d.i64()
	s.Bsize = d.i64()
	s.Blocks = d.u64()
	s.Bfree = d.u64()
	s.Bavail = d.u64()
	s.Files = d.u64()
	s.Ffree = d.u64()
	s.Fsid[0] = int32(d.u32())
	s.Fsid[1] = int32(d.u32())
	s.Namelen = d.i64()
	s.Frsize = d.i64()
	s.Flags = d.i64()
	return s
}

func (d *decoder) end() error {
	if d.err != nil {
		return d.err
	}
	if len(d.b) != 0 {
		return decodeErr(unix.EINVAL, "%d trailing bytes", len(d.b))
	}
	return nil
}

// DecodeRequest decodes one request. It never panics; any malformed input is a
// *DecodeError.
func DecodeRequest(b []byte) (Request, error) {
	var r Request
	if len(b) > MaxMessage {
		return r, decodeErr(unix.EINVAL, "request of %d bytes", len(b))
	}
	d := decoder{b: b}
	r.Op = Op(d.u8())
	r.Tag = d.u32()
	r.CPU = d.u16()
	if d.err != nil {
		return Request{}, d.err
	}
	if !r.Op.Valid() {
		return Request{}, decodeErr(unix.ENOSYS, "unknown %v", r.Op)
	}
	name := func() string {
		n := d.str(MaxName, "name")
		if d.err == nil {
			d.err = checkName(n)
		}
		return n
	}
	switch r.Op {
	case OpAttach:
		r.Mount = d.u32()
	case OpWalk:
		r.FID = FID(d.u64())
		r.Name = name()
	case OpCreate, OpMkdir, OpSymlink, OpMkfifo:
		r.FID = FID(d.u64())
		r.Name = name()
		switch r.Op {
		case OpCreate:
			r.Flags = d.u32()
			r.Mode = d.u32()
		case OpMkdir, OpMkfifo:
			r.Mode = d.u32()
		case OpSymlink:
			r.Target = d.str(MaxSymlink, "symlink target")
			if d.err == nil {
				d.err = checkTarget(r.Target)
			}
		}
		r.UID = d.u32()
		r.GID = d.u32()
	case OpTmpfile:
		r.FID = FID(d.u64())
		r.Flags = d.u32()
		r.Mode = d.u32()
		r.UID = d.u32()
		r.GID = d.u32()
	case OpLinkFID:
		r.FID = FID(d.u64())
		r.NewFID = FID(d.u64())
		r.NewName = name()
	case OpLink, OpRename:
		r.FID = FID(d.u64())
		r.Name = name()
		r.NewFID = FID(d.u64())
		r.NewName = name()
		if r.Op == OpRename {
			r.Flags = d.u32()
		}
	case OpUnlink:
		r.FID = FID(d.u64())
		r.Name = name()
		r.Flags = d.u32()
	case OpSetAttr:
		r.FID = FID(d.u64())
		r.Mask = d.u32()
		r.Mode = d.u32()
		r.UID = d.u32()
		r.GID = d.u32()
		r.Atime.Sec = d.i64()
		r.Atime.Nsec = d.i64()
		r.Mtime.Sec = d.i64()
		r.Mtime.Nsec = d.i64()
	case OpOpen:
		r.FID = FID(d.u64())
		r.Flags = d.u32()
	case OpGetdents:
		r.FID = FID(d.u64())
		r.Cookie = d.u64()
	default:
		r.FID = FID(d.u64())
	}
	if err := d.end(); err != nil {
		return Request{Op: r.Op, Tag: r.Tag}, err
	}
	return r, nil
}

// DecodeResponse decodes one response. It never panics; any malformed input is
// a *DecodeError.
func DecodeResponse(b []byte) (Response, error) {
	var r Response
	if len(b) > MaxMessage {
		return r, decodeErr(unix.EINVAL, "response of %d bytes", len(b))
	}
	d := decoder{b: b}
	r.Op = Op(d.u8())
	r.Tag = d.u32()
	errno := d.u32()
	if d.err != nil {
		return Response{}, d.err
	}
	if !r.Op.Valid() {
		return Response{}, decodeErr(unix.EINVAL, "unknown %v", r.Op)
	}
	if errno >= maxErrno {
		return Response{}, decodeErr(unix.EINVAL, "errno %d out of range", errno)
	}
	r.Errno = unix.Errno(errno)
	if r.Errno == 0 {
		switch r.Op {
		case OpAttach, OpWalk, OpCreate, OpMkdir, OpSymlink, OpLink, OpMkfifo, OpTmpfile, OpLinkFID:
			r.FID = FID(d.u64())
			r.Stat = d.stat()
		case OpStat, OpSetAttr:
			r.Stat = d.stat()
		case OpReadlink:
			r.Target = d.str(MaxSymlink, "symlink target")
			if d.err == nil {
				d.err = checkTarget(r.Target)
			}
		case OpGetdents:
			r.Next = d.u64()
			n := d.u32()
			// Bound the count by what the rest of the message can hold
			// before allocating.
			if d.err == nil && uint64(n) > uint64(len(d.b)/direntSize) {
				d.err = decodeErr(unix.EINVAL, "%d entries in %d bytes", n, len(d.b))
			}
			if d.err == nil && n > 0 {
				r.Dirents = make([]Dirent, 0, n)
				for i := uint32(0); i < n && d.err == nil; i++ {
					var de Dirent
					de.Ino = d.u64()
					de.Type = d.u8()
					de.Name = d.str(MaxName, "entry name")
					if d.err == nil {
						d.err = checkDirentName(de.Name)
					}
					r.Dirents = append(r.Dirents, de)
				}
			}
		case OpStatFS:
			r.FSStat = d.fsstat()
		case OpOpen, OpClunk, OpUnlink, OpRename:
		}
	}
	if err := d.end(); err != nil {
		return Response{}, err
	}
	return r, nil
}
