// Package tmpfs is a memory filesystem of the sentry's own: directories,
// regular files, symlinks, named pipes (pipe.NewFIFO) and socket and device
// nodes (which open as ENXIO: no host device is ever reached) that live and
// die with the sandbox (--tmpfs). It keeps hard links, O_TMPFILE files,
// extended attributes (vfs.Xattrs) and answers fallocate and statfs.
//
// It never calls the host.
//
// Regular files take hard links (link.go). A regular file's data outlives
// its last name while an open file or a
// mapping (mm.MapCounter) still holds it, as in Linux.
//
// Lock order: MM.mu (mapping hooks), then a file's cacheMu, then its
// mm.FileCache, then its dataMu, then FS.mu (the whole tree, a leaf). An
// inode's xattr lock and a FIFO's pipe lock are leaves.
package tmpfs

import (
	"sort"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/fs/pipe"
	"husk/sentry/mm"
	"husk/sentry/vfs"
)

// Limits: the size of one file and of everything in one tmpfs.
const (
	MaxFileSize = 4 << 30
	MaxTotal    = 2 << 30
)

// FS is one tmpfs.
type FS struct {
	mu      sync.Mutex
	dev     uint64
	nextIno uint64
	used    int64
}

// New makes a tmpfs and returns its root directory.
func New(dev uint64, mode, uid, gid uint32) *Inode {
	fs := &FS{dev: dev, nextIno: 1}
	return fs.newInode(unix.S_IFDIR|mode&0o7777, uid, gid)
}

// Inode is one file of a tmpfs.
type Inode struct {
	fs *FS

	// Guarded by fs.mu.
	stat     vfs.Stat
	children map[string]*Inode // directories
	parent   *Inode            // directories: where they are linked
	target   string            // symlinks
	endpoint any               // sockets: what bind(2) bound here

	// Guarded by fs.mu: open files and vmas over a regular file, which
	// keep its data after its last name is gone (freeIfGone).
	opens, maps int

	dataMu sync.Mutex
	data   []byte // regular files

	// cache holds the pages while MAP_SHARED mappings exist (mapping.go);
	// mf is where they live. Guarded by cacheMu.
	cacheMu sync.Mutex
	cache   *mm.FileCache
	mf      *mm.MemoryFile

	fifo *pipe.Pipe // named pipes: made by Mknod

	// Guarded by fs.mu: an O_TMPFILE file never linked yet, and whether it
	// may be (not with O_EXCL).
	tmpfile, linkable bool

	vfs.Xattrs // extended attributes (a leaf lock)
}

var (
	_ vfs.Inode       = (*Inode)(nil)
	_ vfs.DirOps      = (*Inode)(nil)
	_ vfs.XattrOps    = (*Inode)(nil)
	_ vfs.SocketMaker = (*Inode)(nil)
	_ vfs.BoundSocket = (*Inode)(nil)
)

func now() unix.Timespec { return unix.NsecToTimespec(time.Now().UnixNano()) }

func (fs *FS) newInode(mode, uid, gid uint32) *Inode {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.newInodeLocked(mode, uid, gid)
}

func (fs *FS) newInodeLocked(mode, uid, gid uint32) *Inode {
	t := now()
	i := &Inode{fs: fs, stat: vfs.Stat{Dev: fs.dev, Ino: fs.nextIno, Mode: mode, Nlink: 1, UID: uid, GID: gid,
		Blksize: 4096, Atime: t, Mtime: t, Ctime: t, Btime: t}}
	fs.nextIno++
	if mode&unix.S_IFMT == unix.S_IFDIR {
		i.children = make(map[string]*Inode)
		i.stat.Nlink = 2
	}
	return i
}

// Stat implements vfs.Inode.
func (i *Inode) Stat() (vfs.Stat, error) {
	i.fs.mu.Lock()
	st := i.stat
	i.fs.mu.Unlock()
	if st.IsRegular() {
		i.dataMu.Lock()
		st.Size = int64(len(i.data))
		i.dataMu.Unlock()
		st.Blocks = (st.Size + 511) / 512
	}
	return st, nil
}

// Lookup implements vfs.Inode.
func (i *Inode) Lookup(name string) (vfs.Inode, error) {
	i.fs.mu.Lock()
	defer i.fs.mu.Unlock()
	if i.children == nil {
		return nil, unix.ENOTDIR
	}
	c, ok := i.children[name]
	if !ok {
		return nil, unix.ENOENT
	}
	return c, nil
}

// Readlink implements vfs.Inode.
func (i *Inode) Readlink() (string, error) {
	i.fs.mu.Lock()
	defer i.fs.mu.Unlock()
	if i.stat.Mode&unix.S_IFMT != unix.S_IFLNK {
		return "", unix.EINVAL
	}
	return i.target, nil
}

// Open implements vfs.Inode.
func (i *Inode) Open(flags int) (vfs.FileImpl, error) {
	st, _ := i.Stat()
	switch {
	case st.IsDir():
		return &dirFile{i: i}, nil
	case st.IsRegular():
		if flags&unix.O_TRUNC != 0 && flags&unix.O_ACCMODE != unix.O_RDONLY {
			i.Truncate(0)
		}
		i.fs.mu.Lock()
		i.opens++
		i.fs.mu.Unlock()
		return &regFile{i: i}, nil
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFIFO:
		return i.OpenBlocking(flags, nil)
	case unix.S_IFLNK:
		return nil, unix.ELOOP
	}
	// Device nodes and sockets: the sentry serves no host device and a
	// socket node is reached by connect, not open.
	return nil, unix.ENXIO
}

// OpenBlocking implements vfs.BlockingOpener: a named pipe's open waits for
// its peer (pipe.Pipe.Open); b nil waits uninterruptibly.
func (i *Inode) OpenBlocking(flags int, b vfs.Blocker) (vfs.FileImpl, error) {
	i.fs.mu.Lock()
	p := i.fifo
	i.fs.mu.Unlock()
	if p == nil {
		return i.Open(flags)
	}
	if b == nil {
		b = vfs.Sleeper{}
	}
	e, err := p.Open(flags, b)
	if err != nil {
		return nil, err
	}
	return &fifoFile{End: e, i: i}, nil
}

// fifoFile is an open named pipe: the pipe's end, with the inode's stat.
type fifoFile struct {
	*pipe.End
	i *Inode
}

// Stat implements vfs.FileImpl.
func (f *fifoFile) Stat() (vfs.Stat, error) { return f.i.Stat() }

// Tmpfile implements vfs.TmpfileMaker: a regular file with no name (nlink
// 0), linkable (by LinkInode) unless excl.
func (i *Inode) Tmpfile(mode, uid, gid uint32, excl bool) (vfs.Inode, error) {
	fs := i.fs
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if i.children == nil {
		return nil, unix.ENOTDIR
	}
	c := fs.newInodeLocked(unix.S_IFREG|mode&0o7777, uid, gid)
	c.stat.Nlink = 0
	c.tmpfile, c.linkable = true, !excl
	return c, nil
}

// LinkInode implements vfs.InodeLinker: newName becomes a hard link to
// target (of this tmpfs: else EXDEV). A file whose last name is gone is
// ENOENT, unless it is an O_TMPFILE file opened without O_EXCL.
func (i *Inode) LinkInode(target vfs.Inode, newName string) (vfs.Inode, error) {
	c, ok := target.(*Inode)
	if !ok || c.fs != i.fs {
		return nil, unix.EXDEV
	}
	fs := i.fs
	fs.mu.Lock()
	defer fs.mu.Unlock()
	switch {
	case i.children == nil:
		return nil, unix.ENOTDIR
	case c.children != nil:
		return nil, unix.EPERM
	case c.stat.Nlink == 0 && !(c.tmpfile && c.linkable):
		return nil, unix.ENOENT
	case c.stat.Nlink >= 65000:
		return nil, unix.EMLINK
	}
	if _, ok := i.children[newName]; ok {
		return nil, unix.EEXIST
	}
	i.children[newName] = c
	c.stat.Nlink++
	c.tmpfile = false
	t := now()
	c.stat.Ctime = t
	i.stat.Mtime, i.stat.Ctime = t, t
	return c, nil
}

// Mknod implements vfs.Mknoder: regular files, named pipes, sockets and
// device nodes (which open as ENXIO: see Open).
func (i *Inode) Mknod(name string, mode uint32, rdev uint64, uid, gid uint32) (vfs.Inode, error) {
	typ := mode & unix.S_IFMT
	c, err := i.add(name, typ|mode&0o7777, uid, gid)
	if err != nil {
		return nil, err
	}
	i.fs.mu.Lock()
	switch typ {
	case unix.S_IFIFO:
		c.fifo = pipe.NewFIFO()
	case unix.S_IFCHR, unix.S_IFBLK:
		c.stat.Rdev = rdev
	}
	i.fs.mu.Unlock()
	return c, nil
}

// MakeSocket implements vfs.SocketMaker: a socket file bound to ep.
func (i *Inode) MakeSocket(name string, mode, uid, gid uint32, ep any) (vfs.Inode, error) {
	c, err := i.add(name, unix.S_IFSOCK|mode&0o7777, uid, gid)
	if err != nil {
		return nil, err
	}
	i.fs.mu.Lock()
	c.endpoint = ep
	i.fs.mu.Unlock()
	return c, nil
}

// Endpoint implements vfs.BoundSocket.
func (i *Inode) Endpoint() any {
	i.fs.mu.Lock()
	defer i.fs.mu.Unlock()
	if i.stat.Mode&unix.S_IFMT != unix.S_IFSOCK {
		return nil
	}
	return i.endpoint
}

func (i *Inode) add(name string, mode, uid, gid uint32) (*Inode, error) {
	fs := i.fs
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if i.children == nil {
		return nil, unix.ENOTDIR
	}
	if _, ok := i.children[name]; ok {
		return nil, unix.EEXIST
	}
	c := fs.newInodeLocked(mode, uid, gid)
	c.parent = i
	i.children[name] = c
	if mode&unix.S_IFMT == unix.S_IFDIR {
		i.stat.Nlink++
	}
	i.stat.Mtime, i.stat.Ctime = c.stat.Mtime, c.stat.Mtime
	return c, nil
}

// Create implements vfs.DirOps.
func (i *Inode) Create(name string, mode, uid, gid uint32) (vfs.Inode, error) {
	return i.add(name, unix.S_IFREG|mode&0o7777, uid, gid)
}

// Mkdir implements vfs.DirOps.
func (i *Inode) Mkdir(name string, mode, uid, gid uint32) (vfs.Inode, error) {
	return i.add(name, unix.S_IFDIR|mode&0o7777, uid, gid)
}

// Symlink implements vfs.DirOps.
func (i *Inode) Symlink(name, target string, uid, gid uint32) (vfs.Inode, error) {
	c, err := i.add(name, unix.S_IFLNK|0o777, uid, gid)
	if err != nil {
		return nil, err
	}
	i.fs.mu.Lock()
	c.target = target
	c.stat.Size = int64(len(target))
	i.fs.mu.Unlock()
	return c, nil
}

func (i *Inode) remove(name string, dir bool) error {
	c, err := i.removeName(name, dir)
	if c != nil {
		c.freeIfGone()
	}
	return err
}

// removeName unlinks name and returns the inode it named.
func (i *Inode) removeName(name string, dir bool) (*Inode, error) {
	fs := i.fs
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if i.children == nil {
		return nil, unix.ENOTDIR
	}
	c, ok := i.children[name]
	if !ok {
		return nil, unix.ENOENT
	}
	isDir := c.children != nil
	switch {
	case dir && !isDir:
		return nil, unix.ENOTDIR
	case !dir && isDir:
		return nil, unix.EISDIR
	case dir && len(c.children) > 0:
		return nil, unix.ENOTEMPTY
	}
	delete(i.children, name)
	t := now()
	if isDir {
		i.stat.Nlink--
		c.stat.Nlink = 0
	} else {
		c.stat.Nlink-- // hard links (LinkInode) may leave others
		c.stat.Ctime = t
	}
	i.stat.Mtime, i.stat.Ctime = t, t
	return c, nil // its data goes with its last open file and mapping
}

// Unlink implements vfs.DirOps.
func (i *Inode) Unlink(name string) error { return i.remove(name, false) }

// Rmdir implements vfs.DirOps.
func (i *Inode) Rmdir(name string) error { return i.remove(name, true) }

// Rename implements vfs.DirOps.
func (i *Inode) Rename(name string, newDir vfs.Inode, newName string) error {
	replaced, err := i.rename(name, newDir, newName)
	if replaced != nil {
		replaced.freeIfGone()
	}
	return err
}

// rename moves the name and returns the inode it replaced, if any.
func (i *Inode) rename(name string, newDir vfs.Inode, newName string) (*Inode, error) {
	var replaced *Inode
	nd, ok := newDir.(*Inode)
	if !ok || nd.fs != i.fs {
		return nil, unix.EXDEV
	}
	fs := i.fs
	fs.mu.Lock()
	defer fs.mu.Unlock()
	c, ok := i.children[name]
	if !ok {
		return nil, unix.ENOENT
	}
	if nd.children == nil {
		return nil, unix.ENOTDIR
	}
	// A directory may not move into itself or below itself.
	for p := nd; c.children != nil && p != nil; p = p.parent {
		if p == c {
			return nil, unix.EINVAL
		}
	}
	if old, exists := nd.children[newName]; exists {
		if old == c {
			return nil, nil
		}
		switch {
		case c.children != nil && old.children == nil:
			return nil, unix.ENOTDIR
		case c.children == nil && old.children != nil:
			return nil, unix.EISDIR
		case old.children != nil && len(old.children) > 0:
			return nil, unix.ENOTEMPTY
		}
		if old.children != nil {
			nd.stat.Nlink--
			old.stat.Nlink = 0
		} else {
			old.stat.Nlink-- // replaced: this name is gone (it may have other links)
		}
		replaced = old
	}
	delete(i.children, name)
	nd.children[newName] = c
	c.parent = nd
	if c.children != nil && i != nd {
		i.stat.Nlink--
		nd.stat.Nlink++
	}
	t := now()
	i.stat.Mtime, nd.stat.Mtime, c.stat.Ctime = t, t, t
	return replaced, nil
}

// Truncate implements vfs.Truncater.
func (i *Inode) Truncate(size int64) error {
	if size < 0 {
		return unix.EINVAL
	}
	if size > MaxFileSize {
		return unix.EFBIG
	}
	i.dataMu.Lock()
	err := i.resizeLocked(size)
	i.dataMu.Unlock()
	if c := i.pageCache(); c != nil && err == nil {
		c.Truncated(size)
	}
	return err
}

func (i *Inode) resizeLocked(size int64) error {
	fs := i.fs
	delta := size - int64(len(i.data))
	fs.mu.Lock()
	if delta > 0 && fs.used+delta > MaxTotal {
		fs.mu.Unlock()
		return unix.ENOSPC
	}
	fs.used += delta
	t := now()
	i.stat.Mtime, i.stat.Ctime = t, t
	fs.mu.Unlock()
	if size <= int64(cap(i.data)) {
		old := len(i.data)
		i.data = i.data[:size]
		if int(size) > old {
			clear(i.data[old:])
		}
		return nil
	}
	nd := make([]byte, size, size+size/4)
	copy(nd, i.data)
	i.data = nd
	return nil
}

// regFile is an open regular file.
type regFile struct{ i *Inode }

func (f *regFile) Read(p []byte, off int64) (int, error) {
	if c := f.i.pageCache(); c != nil {
		return c.Read(p, off, dataStore{f.i})
	}
	f.i.dataMu.Lock()
	defer f.i.dataMu.Unlock()
	if off >= int64(len(f.i.data)) {
		return 0, nil
	}
	return copy(p, f.i.data[off:]), nil
}

func (f *regFile) Write(p []byte, off int64) (int, error) {
	n, err := f.write(p, off)
	if c := f.i.pageCache(); c != nil && n > 0 {
		c.Wrote(p[:n], off)
	}
	return n, err
}

func (f *regFile) write(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > MaxFileSize || off+int64(len(p)) < off {
		return 0, unix.EFBIG
	}
	f.i.dataMu.Lock()
	defer f.i.dataMu.Unlock()
	if end := off + int64(len(p)); end > int64(len(f.i.data)) {
		if err := f.i.resizeLocked(end); err != nil {
			return 0, err
		}
	} else {
		f.i.fs.mu.Lock()
		t := now()
		f.i.stat.Mtime, f.i.stat.Ctime = t, t
		f.i.fs.mu.Unlock()
	}
	return copy(f.i.data[off:], p), nil
}

func (f *regFile) Stat() (vfs.Stat, error)              { return f.i.Stat() }
func (f *regFile) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (f *regFile) Seekable() bool                       { return true }
func (f *regFile) Mappable() (vfs.Mappable, error)      { return f, nil }
func (f *regFile) Release() {
	f.i.fs.mu.Lock()
	f.i.opens--
	f.i.fs.mu.Unlock()
	f.i.freeIfGone()
}

// Mapped implements mm.MapCounter: a vma over the file keeps its data;
// shared ones share the file's page cache.
func (f *regFile) Mapped(delta int, shared, writable bool) {
	if shared {
		f.sharedMapped(delta, writable)
	}
	f.i.fs.mu.Lock()
	f.i.maps += delta
	f.i.fs.mu.Unlock()
	if delta < 0 {
		f.i.freeIfGone()
	}
}
func (f *regFile) Truncate(size int64) error { return f.i.Truncate(size) }

// Allocate implements vfs.Allocator as Linux's tmpfs does: mode 0 grows
// the file to off+length (the data is memory either way), KEEP_SIZE
// changes nothing a reader sees, PUNCH_HOLE zeroes the range within the
// size. Any other mode is EOPNOTSUPP.
func (f *regFile) Allocate(mode uint32, off, length int64) error {
	i := f.i
	end := off + length
	switch mode {
	case 0:
		i.dataMu.Lock()
		defer i.dataMu.Unlock()
		if end <= int64(len(i.data)) {
			return nil
		}
		if end > MaxFileSize {
			return unix.EFBIG
		}
		return i.resizeLocked(end)
	case unix.FALLOC_FL_KEEP_SIZE:
		return nil
	case unix.FALLOC_FL_KEEP_SIZE | unix.FALLOC_FL_PUNCH_HOLE:
		i.dataMu.Lock()
		defer i.dataMu.Unlock()
		if off < int64(len(i.data)) {
			clear(i.data[off:min(end, int64(len(i.data)))])
		}
		i.fs.mu.Lock()
		t := now()
		i.stat.Mtime, i.stat.Ctime = t, t
		i.fs.mu.Unlock()
		return nil
	}
	return unix.EOPNOTSUPP
}
func (f *regFile) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}

// ReadAt and Size make the file mappable (private copies of its pages).
func (f *regFile) ReadAt(p []byte, off int64) (int, error) { return f.Read(p, off) }
func (f *regFile) Size() int64 {
	if c := f.i.pageCache(); c != nil {
		return c.Size()
	}
	f.i.dataMu.Lock()
	defer f.i.dataMu.Unlock()
	return int64(len(f.i.data))
}

// dirFile is an open directory.
type dirFile struct{ i *Inode }

func (d *dirFile) Read([]byte, int64) (int, error)  { return 0, unix.EISDIR }
func (d *dirFile) Write([]byte, int64) (int, error) { return 0, unix.EISDIR }
func (d *dirFile) Stat() (vfs.Stat, error)          { return d.i.Stat() }
func (d *dirFile) Seekable() bool                   { return true }
func (d *dirFile) Mappable() (vfs.Mappable, error)  { return nil, unix.ENODEV }
func (d *dirFile) Release()                         {}
func (d *dirFile) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}

// Getdents lists ".", ".." and the children in name order from cookie.
func (d *dirFile) Getdents(cookie int64) ([]vfs.Dirent, error) {
	fs := d.i.fs
	fs.mu.Lock()
	defer fs.mu.Unlock()
	ents := []vfs.Dirent{{Ino: d.i.stat.Ino, Type: unix.DT_DIR, Name: "."}, {Ino: d.i.stat.Ino, Type: unix.DT_DIR, Name: ".."}}
	names := make([]string, 0, len(d.i.children))
	for n := range d.i.children {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := d.i.children[n]
		ents = append(ents, vfs.Dirent{Ino: c.stat.Ino, Type: dtype(c.stat.Mode), Name: n})
	}
	if cookie < 0 || cookie >= int64(len(ents)) {
		return nil, nil
	}
	out := ents[cookie:]
	for k := range out {
		out[k].Off = cookie + int64(k) + 1
	}
	return out, nil
}

func dtype(mode uint32) uint8 {
	switch mode & unix.S_IFMT {
	case unix.S_IFDIR:
		return unix.DT_DIR
	case unix.S_IFLNK:
		return unix.DT_LNK
	case unix.S_IFSOCK:
		return unix.DT_SOCK
	}
	return unix.DT_REG
}

// SetMode implements vfs.AttrSetter.
func (i *Inode) SetMode(mode uint32) error {
	i.fs.mu.Lock()
	defer i.fs.mu.Unlock()
	i.stat.Mode = i.stat.Mode&unix.S_IFMT | mode&0o7777
	i.stat.Ctime = now()
	return nil
}

// SetOwner implements vfs.OwnerSetter.
func (i *Inode) SetOwner(uid, gid uint32) error {
	i.fs.mu.Lock()
	defer i.fs.mu.Unlock()
	if uid != ^uint32(0) {
		i.stat.UID = uid
	}
	if gid != ^uint32(0) {
		i.stat.GID = gid
	}
	if i.stat.Mode&unix.S_IFMT == unix.S_IFREG && i.stat.Mode&0o111 != 0 {
		i.stat.Mode &^= unix.S_ISUID | unix.S_ISGID // as chown(2) on Linux
	}
	i.stat.Ctime = now()
	return nil
}

// SetTimes implements vfs.AttrSetter.
func (i *Inode) SetTimes(atime, mtime *unix.Timespec) error {
	i.fs.mu.Lock()
	defer i.fs.mu.Unlock()
	if atime != nil {
		i.stat.Atime = *atime
	}
	if mtime != nil {
		i.stat.Mtime = *mtime
	}
	i.stat.Ctime = now()
	return nil
}

// freeIfGone frees a regular file's data once it has no name, no open file
// and no mapping (Linux keeps an unlinked file while it is open or mapped).
// Lock order: dataMu, then fs.mu; called with neither held.
func (i *Inode) freeIfGone() {
	fs := i.fs
	gone := func() bool {
		return i.stat.Nlink == 0 && i.opens == 0 && i.maps == 0 && i.stat.Mode&unix.S_IFMT == unix.S_IFREG
	}
	fs.mu.Lock()
	g := gone()
	fs.mu.Unlock()
	if !g {
		return
	}
	i.dataMu.Lock()
	defer i.dataMu.Unlock()
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if gone() {
		fs.used -= int64(len(i.data))
		i.data = nil
	}
}

// StatFS implements vfs.StatFSer: TMPFS_MAGIC, sized by MaxTotal.
func (i *Inode) StatFS() (vfs.StatFS, error) {
	i.fs.mu.Lock()
	used, files := i.fs.used, i.fs.nextIno
	i.fs.mu.Unlock()
	const bs = 4096
	blocks := uint64(MaxTotal / bs)
	free := blocks - min(blocks, uint64((used+bs-1)/bs))
	const maxFiles = 1 << 20
	return vfs.StatFS{Type: vfs.TmpfsMagic, Bsize: bs, Frsize: bs, Blocks: blocks, Bfree: free, Bavail: free,
		Files: maxFiles, Ffree: maxFiles - min(maxFiles, files), Namelen: vfs.NameMax,
		Flags: unix.ST_NOSUID | unix.ST_NODEV}, nil
}

// StatxAttributesMask implements vfs.StatxAttributer: the attributes tmpfs
// supports (none is ever set in the sandbox: no FS_IOC_SETFLAGS).
func (i *Inode) StatxAttributesMask() uint64 {
	return unix.STATX_ATTR_IMMUTABLE | unix.STATX_ATTR_APPEND | unix.STATX_ATTR_NODUMP
}
