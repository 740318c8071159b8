// Package synth is the building blocks of the sentry's synthetic
// filesystems (procfs, sysfs): directories whose entries are computed,
// files whose contents are generated when read, plain symlinks, links whose
// text depends on the reader, and magic links (vfs.MagicLink).
//
// It never calls the host and holds no state of its own: every node asks
// its callbacks, which read the kernel's state.
//
// Lock order: none (the callbacks take what they need).
package synth

import (
	"sort"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

// Attr is what a node's stat shows besides its type.
type Attr struct {
	Dev, Ino uint64
	Perm     uint32
	// Owner, when set, gives the uid and gid (a process's files belong to
	// its effective ids); else root.
	Owner func() (uid, gid uint32)
	Time  time.Time
	// Size is what stat shows (0 for most: Linux's proc files are 0).
	Size int64
}

func (a *Attr) stat(typ uint32, nlink uint64) vfs.Stat {
	st := vfs.Stat{Dev: a.Dev, Ino: a.Ino, Mode: typ | a.Perm, Nlink: nlink, Blksize: 1024, Size: a.Size}
	if a.Owner != nil {
		st.UID, st.GID = a.Owner()
	}
	ts := unix.NsecToTimespec(a.Time.UnixNano())
	st.Atime, st.Mtime, st.Ctime = ts, ts, ts
	return st
}

// Dir is a read-only directory. List names its children in the order
// getdents shows them; Get makes one (ENOENT if it is not there).
type Dir struct {
	Attr
	List func() []string
	Get  func(name string) (vfs.Inode, error)
	// Volatile directories' children come and go (/proc, fd/, task/):
	// the VFS does not cache their dentries.
	Volatile bool
}

// VolatileDir is a Dir whose dentries the VFS does not cache.
type VolatileDir struct{ *Dir }

// Volatile implements vfs.Volatile.
func (VolatileDir) Volatile() {}

// NewDir returns d as an inode (VolatileDir when d.Volatile).
func NewDir(d *Dir) vfs.Inode {
	if d.Volatile {
		return VolatileDir{d}
	}
	return d
}

// Static returns List and Get for a fixed set of children.
func Static(children map[string]vfs.Inode) (func() []string, func(string) (vfs.Inode, error)) {
	names := make([]string, 0, len(children))
	for n := range children {
		names = append(names, n)
	}
	sort.Strings(names)
	return func() []string { return names }, func(n string) (vfs.Inode, error) {
		if c, ok := children[n]; ok {
			return c, nil
		}
		return nil, unix.ENOENT
	}
}

var _ vfs.Inode = (*Dir)(nil)

func (d *Dir) Stat() (vfs.Stat, error) { return d.stat(unix.S_IFDIR, 2), nil }
func (d *Dir) Lookup(name string) (vfs.Inode, error) {
	return d.Get(name)
}
func (d *Dir) Readlink() (string, error) { return "", unix.EINVAL }
func (d *Dir) Open(flags int) (vfs.FileImpl, error) {
	if flags&unix.O_ACCMODE != unix.O_RDONLY {
		return nil, unix.EISDIR
	}
	return &dirFile{d: d}, nil
}

type dirFile struct {
	d    *Dir
	mu   sync.Mutex
	ents []vfs.Dirent // listed at the first getdents, and again after a rewind
}

func (f *dirFile) Read([]byte, int64) (int, error)  { return 0, unix.EISDIR }
func (f *dirFile) Write([]byte, int64) (int, error) { return 0, unix.EISDIR }
func (f *dirFile) Stat() (vfs.Stat, error)          { return f.d.Stat() }
func (f *dirFile) Seekable() bool                   { return true }
func (f *dirFile) Mappable() (vfs.Mappable, error)  { return nil, unix.ENODEV }
func (f *dirFile) Release()                         {}
func (f *dirFile) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}

// Getdents lists ".", ".." and the children (a snapshot taken at cookie 0).
func (f *dirFile) Getdents(cookie int64) ([]vfs.Dirent, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if cookie == 0 || f.ents == nil {
		f.ents = []vfs.Dirent{{Ino: f.d.Ino, Type: unix.DT_DIR, Name: "."}, {Ino: f.d.Ino, Type: unix.DT_DIR, Name: ".."}}
		for _, n := range f.d.List() {
			c, err := f.d.Get(n)
			if err != nil {
				continue // gone since List
			}
			st, err := c.Stat()
			if err != nil {
				continue
			}
			f.ents = append(f.ents, vfs.Dirent{Ino: st.Ino, Type: dtype(st.Mode), Name: n})
		}
		for i := range f.ents {
			f.ents[i].Off = int64(i + 1)
		}
	}
	if cookie < 0 || cookie >= int64(len(f.ents)) {
		return nil, nil
	}
	return f.ents[cookie:], nil
}

func dtype(mode uint32) uint8 {
	switch mode & unix.S_IFMT {
	case unix.S_IFDIR:
		return unix.DT_DIR
	case unix.S_IFLNK:
		return unix.DT_LNK
	case unix.S_IFREG:
		return unix.DT_REG
	}
	return unix.DT_UNKNOWN
}

// File is a regular file whose contents Gen makes when it is read from
// offset 0 (each read from the start sees fresh contents; a read further on
// continues the same snapshot, as Linux's seq_file does). Write, when set,
// takes a write(2)'s bytes (a whole value at offset 0).
type File struct {
	Attr
	Gen   func() ([]byte, error)
	Write func(p []byte) error
}

var _ vfs.Inode = (*File)(nil)

func (f *File) Stat() (vfs.Stat, error)          { return f.stat(unix.S_IFREG, 1), nil }
func (f *File) Lookup(string) (vfs.Inode, error) { return nil, unix.ENOTDIR }
func (f *File) Readlink() (string, error)        { return "", unix.EINVAL }
func (f *File) Open(flags int) (vfs.FileImpl, error) {
	if flags&unix.O_ACCMODE != unix.O_RDONLY && f.Write == nil {
		return nil, unix.EACCES
	}
	return &openFile{f: f}, nil
}

// openFile is an open generated file. It keeps its own offset (vfs.HostOffset
// and vfs.Seeker) so that vfs never holds File.mu around a read: Gen takes
// kernel locks, and fork takes File.mu under the kernel's (a reader holding
// File.mu while it waits for the kernel's lock would deadlock a fork).
type openFile struct {
	f    *File
	mu   sync.Mutex
	data []byte
	have bool
	off  int64
}

var (
	_ vfs.HostOffset = (*openFile)(nil)
	_ vfs.Seeker     = (*openFile)(nil)
)

// HostOffset implements vfs.HostOffset: reads at -1 use the file's own offset.
func (o *openFile) HostOffset() {}

// Read reads at off, or at the file's own offset (advancing it) when off < 0.
func (o *openFile) Read(p []byte, off int64) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	own := off < 0
	if own {
		off = o.off
	}
	if off == 0 || !o.have {
		b, err := o.f.Gen()
		if err != nil {
			return 0, err
		}
		o.data, o.have = b, true
	}
	if off >= int64(len(o.data)) {
		return 0, nil
	}
	n := copy(p, o.data[off:])
	if own {
		o.off += int64(n)
	}
	return n, nil
}

// SeekFrom implements vfs.Seeker on the file's own offset (SEEK_SET and
// SEEK_CUR, as Linux's seq_file; SEEK_END is EINVAL).
func (o *openFile) SeekFrom(_, off int64, whence int) (int64, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch whence {
	case unix.SEEK_SET:
	case unix.SEEK_CUR:
		off += o.off
	default:
		return 0, unix.EINVAL
	}
	if off < 0 {
		return 0, unix.EINVAL
	}
	o.off = off
	return off, nil
}

// Write hands p to the file's Write (at any offset: a value is written whole).
func (o *openFile) Write(p []byte, _ int64) (int, error) {
	if o.f.Write == nil {
		return 0, unix.EINVAL
	}
	if err := o.f.Write(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (o *openFile) Stat() (vfs.Stat, error)              { return o.f.Stat() }
func (o *openFile) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (o *openFile) Seekable() bool                       { return true }
func (o *openFile) Mappable() (vfs.Mappable, error)      { return nil, unix.ENODEV }
func (o *openFile) Release()                             {}
func (o *openFile) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}

// Text is a File of fixed contents.
func Text(a Attr, s string) *File {
	return &File{Attr: a, Gen: func() ([]byte, error) { return []byte(s), nil }}
}

// Symlink is a symlink with fixed text.
type Symlink struct {
	Attr
	Target string
}

var _ vfs.Inode = (*Symlink)(nil)

func (s *Symlink) Stat() (vfs.Stat, error) {
	st := s.stat(unix.S_IFLNK, 1)
	st.Size = int64(len(s.Target))
	return st, nil
}
func (s *Symlink) Lookup(string) (vfs.Inode, error) { return nil, unix.ENOTDIR }
func (s *Symlink) Readlink() (string, error)        { return s.Target, nil }
func (s *Symlink) Open(int) (vfs.FileImpl, error)   { return nil, unix.ELOOP }

// CallerLink is a symlink whose text depends on who reads it (/proc/self).
type CallerLink struct {
	Attr
	Target func(w *vfs.Walker) (string, error)
}

var _ vfs.CallerLink = (*CallerLink)(nil)

func (s *CallerLink) Stat() (vfs.Stat, error)                  { return s.stat(unix.S_IFLNK, 1), nil }
func (s *CallerLink) Lookup(string) (vfs.Inode, error)         { return nil, unix.ENOTDIR }
func (s *CallerLink) Readlink() (string, error)                { return "", unix.ENOENT }
func (s *CallerLink) ReadlinkAs(w *vfs.Walker) (string, error) { return s.Target(w) }
func (s *CallerLink) Open(int) (vfs.FileImpl, error)           { return nil, unix.ELOOP }

// MagicLink is a link to an object (vfs.MagicLink): Text is what readlink
// shows, Jump where a walk goes.
type MagicLink struct {
	Attr
	Text func() (string, error)
	Jump func(w *vfs.Walker) (*vfs.Dentry, error)
}

var _ vfs.MagicLink = (*MagicLink)(nil)

// Stat shows size 0, as Linux's /proc links do.
func (s *MagicLink) Stat() (vfs.Stat, error)                   { return s.stat(unix.S_IFLNK, 1), nil }
func (s *MagicLink) Lookup(string) (vfs.Inode, error)          { return nil, unix.ENOTDIR }
func (s *MagicLink) Readlink() (string, error)                 { return s.Text() }
func (s *MagicLink) Follow(w *vfs.Walker) (*vfs.Dentry, error) { return s.Jump(w) }
func (s *MagicLink) Open(int) (vfs.FileImpl, error)            { return nil, unix.ELOOP }
