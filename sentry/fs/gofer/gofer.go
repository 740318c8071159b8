// Package gofer is the filesystem whose files come from the gofer process:
// lookups, stats, symlinks, directory listings and name changes are gofer
// requests; regular file data is read and written through the host FD the
// gofer donates, with no round trip; truncation and syncs act on that FD
// too (ftruncate, fsync, fdatasync are on the sentry's host-call list).
//
// One FS is one of the gofer's mounts: the root (read-only today) or a bind
// mount, read-only or writable. The inodes of a writable mount are WInodes:
// they add vfs.DirOps, Truncater, AttrSetter, Linker and RenameFlagser to
// the read-only Inode, so a read-only mount is read-only by type (the
// sentry's EROFS checks) as well as in the gofer. A writable mount's stats
// are always fresh (a round trip, or fstat of a donated FD): its files
// change. A read-only mount's are cached from the walk. Names found and
// names missing are cached by the VFS (vfs.MissCacher): the sandbox is
// taken to be the only writer of its mounts while it runs.
//
// For the same reason a named pipe (a FIFO the gofer made with mkfifo, or
// found) opens as a pipe of the sandbox's own, shared by the sandbox's
// processes through the inode; a host process on the host's FIFO never
// meets it. statfs reports the host filesystem's numbers (OpStatFS);
// fallocate acts on the donated FD.
//
// It never opens a host path: every host FD it holds was donated. An inode
// nothing refers to any more gives its FDs and its FID back (a finalizer).
//
// Lock order: MM.mu (a mapping's hooks), then Inode.mu, then the inode's
// mm.FileCache, then MemoryFile.mu. A FIFO's pipe is opened without
// Inode.mu held.
package gofer

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"husk/gofer"
	"husk/sentry/fs/dev"
	"husk/sentry/fs/pipe"
	"husk/sentry/mm"
	"husk/sentry/vfs"
)

// FS is one gofer mount's tree.
type FS struct {
	c        *gofer.Client
	writable bool
	// gen counts the changes the sandbox made through this mount (writes,
	// creates, renames, attribute changes...): a writable inode's cached
	// stat is only good while gen is what it was when the stat was taken.
	gen atomic.Uint64
}

// statCacheFor is how long a writable mount's stat stays good when the
// sandbox changed nothing in the mount meanwhile: long enough that the walk
// of a path and the stat that follows it (stat(2), ls -l, make) cost one
// round trip, short enough that a change made on the host during the job
// shows as quickly as a dentry revalidation would.
const statCacheFor = 200 * time.Millisecond

// changed records a change the sandbox made through the mount.
func (fs *FS) changed() {
	if fs.writable {
		fs.gen.Add(1)
	}
}

// New attaches to the gofer's root (mount 0, read-only) and returns the root
// inode.
func New(c *gofer.Client) (*FS, vfs.Inode, error) { return NewMount(c, 0, false) }

// NewMount attaches to the gofer's mount i and returns its root inode; with
// writable, the mount's inodes take changes (the gofer must serve it
// writable too, or it answers EROFS).
func NewMount(c *gofer.Client, i uint32, writable bool) (*FS, vfs.Inode, error) {
	fs := &FS{c: c, writable: writable}
	fid, st, err := c.AttachMount(i)
	if err != nil {
		return nil, nil, err
	}
	return fs, fs.inode(fid, st), nil
}

// Inode is one file of the gofer's tree.
type Inode struct {
	fs  *FS
	fid gofer.FID

	mu      sync.Mutex
	stat    vfs.Stat // at walk time; refreshed by Stat on a writable mount
	hostFD  int      // read-only donated FD, -1 until opened
	created int      // the read-write FD Create got, until the first Open takes it; else -1
	target  string   // symlink target, once read

	// A writable mount's last stat (from the walk, or a stat round trip),
	// with the mount's change count and the time it was taken.
	cached   vfs.Stat
	cachedAt time.Time
	cacheGen uint64
	// cache holds the file's pages while MAP_SHARED mappings of it exist
	// (mapping.go); mf is where they live.
	cache *mm.FileCache
	mf    *mm.MemoryFile
	fifo  *pipe.Pipe // a named pipe's: the sandbox's own pipe, made at first open
	// tmpfile: an O_TMPFILE file; its FID names the file itself (LinkFID).
	tmpfile bool
}

// WInode is an inode of a writable mount.
type WInode struct{ *Inode }

var (
	_ vfs.Inode        = (*Inode)(nil)
	_ vfs.TypeKnower   = (*Inode)(nil)
	_ vfs.MissCacher   = (*Inode)(nil)
	_ vfs.DirOps       = WInode{}
	_ vfs.Truncater    = WInode{}
	_ vfs.AttrSetter   = WInode{}
	_ vfs.Linker       = WInode{}
	_ vfs.RenameFlags  = WInode{}
	_ vfs.TmpfileMaker = WInode{}
	_ vfs.InodeLinker  = WInode{}
)

func (fs *FS) newInode(fid gofer.FID, st gofer.Stat) *Inode {
	i := &Inode{fs: fs, fid: fid, stat: convStat(st), hostFD: -1, created: -1}
	if fs.writable {
		i.cached, i.cachedAt, i.cacheGen = i.stat, time.Now(), fs.gen.Load()
	}
	runtime.SetFinalizer(i, (*Inode).release)
	return i
}

// release runs when nothing refers to the inode any more (its dentry was
// dropped after an unlink or a rename, and no open file or mapping holds
// it): it closes the inode's donated FDs and clunks its FID, so the gofer
// closes its host FD too.
func (i *Inode) release() {
	for _, fd := range []int{i.hostFD, i.created} {
		if fd >= 0 {
			unix.Close(fd)
		}
	}
	i.fs.c.Clunk(i.fid)
}

func (fs *FS) inode(fid gofer.FID, st gofer.Stat) vfs.Inode {
	i := fs.newInode(fid, st)
	if fs.writable {
		return WInode{i}
	}
	return i
}

func convStat(s gofer.Stat) vfs.Stat {
	return vfs.Stat{
		Dev: s.Dev, Ino: s.Ino, Mode: s.Mode, Nlink: s.Nlink, UID: s.UID, GID: s.GID, Rdev: s.Rdev,
		Size: s.Size, Blksize: s.Blksize, Blocks: s.Blocks,
		Atime: unix.Timespec{Sec: s.Atime.Sec, Nsec: s.Atime.Nsec},
		Mtime: unix.Timespec{Sec: s.Mtime.Sec, Nsec: s.Mtime.Nsec},
		Ctime: unix.Timespec{Sec: s.Ctime.Sec, Nsec: s.Ctime.Nsec},
	}
}

// CacheMisses implements vfs.MissCacher: the sentry remembers names the
// gofer said are missing. Only the sandbox changes its mounts while it runs
// (the same holds for the names it found, which it has always cached).
func (i *Inode) CacheMisses() bool { return true }

// FileType implements vfs.TypeKnower: the type never changes.
func (i *Inode) FileType() uint32 { return i.stat.Mode & unix.S_IFMT }

// Stat implements vfs.Inode. On a writable mount it is fresh: fstat of the
// donated FD where there is one, else a gofer round trip.
func (i *Inode) Stat() (vfs.Stat, error) {
	if !i.fs.writable {
		return i.stat, nil
	}
	i.mu.Lock()
	fd := i.hostFD
	if fd < 0 {
		fd = i.created
	}
	if fd < 0 && i.cacheGen == i.fs.gen.Load() && time.Since(i.cachedAt) < statCacheFor {
		st := i.cached
		i.mu.Unlock()
		return st, nil
	}
	i.mu.Unlock()
	if fd >= 0 {
		var st unix.Stat_t
		if err := unix.Fstat(fd, &st); err != nil {
			return vfs.Stat{}, err
		}
		return vfs.StatFromHost(&st), nil
	}
	gen, at := i.fs.gen.Load(), time.Now()
	gst, err := i.fs.c.Stat(i.fid)
	if err != nil {
		return vfs.Stat{}, err
	}
	st := convStat(gst)
	i.mu.Lock()
	i.cached, i.cachedAt, i.cacheGen = st, at, gen
	i.mu.Unlock()
	return st, nil
}

// Lookup implements vfs.Inode.
func (i *Inode) Lookup(name string) (vfs.Inode, error) {
	if i.FileType() != unix.S_IFDIR {
		return nil, unix.ENOTDIR
	}
	fid, st, err := i.fs.c.Walk(i.fid, name)
	if err != nil {
		return nil, err
	}
	return i.fs.inode(fid, st), nil
}

// Readlink implements vfs.Inode.
func (i *Inode) Readlink() (string, error) {
	if !i.stat.IsSymlink() {
		return "", unix.EINVAL
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.target == "" {
		t, err := i.fs.c.Readlink(i.fid)
		if err != nil {
			return "", err
		}
		i.target = t
	}
	return i.target, nil
}

// Open implements vfs.Inode.
func (i *Inode) Open(flags int) (vfs.FileImpl, error) {
	switch i.FileType() {
	case unix.S_IFIFO:
		return i.OpenBlocking(flags, vfs.Sleeper{})
	case unix.S_IFDIR:
		if flags&unix.O_ACCMODE != unix.O_RDONLY {
			return nil, unix.EISDIR
		}
		return &dirFile{i: i}, nil
	case unix.S_IFREG:
		acc := flags & unix.O_ACCMODE
		if fd := i.takeCreated(acc); fd >= 0 {
			if flags&unix.O_APPEND != 0 {
				// pwrite appends on an O_APPEND file, as on Linux.
				if _, err := unix.FcntlInt(uintptr(fd), unix.F_SETFL, unix.O_APPEND); err != nil {
					unix.Close(fd)
					return nil, err
				}
			}
			return &regFile{i: i, fd: fd, own: true, append: flags&unix.O_APPEND != 0}, nil
		}
		var fd int
		var err error
		if acc != unix.O_RDONLY || flags&unix.O_TRUNC != 0 {
			// The gofer decides (EROFS on a read-only mount).
			if acc == unix.O_RDONLY {
				acc = unix.O_WRONLY // O_RDONLY|O_TRUNC truncates too
			}
			fd, err = i.fs.c.Open(i.fid, acc|flags&unix.O_APPEND)
			if err != nil {
				return nil, err
			}
			if flags&unix.O_TRUNC != 0 {
				i.fs.changed()
				if err := ftruncate(fd, 0); err != nil {
					unix.Close(fd)
					return nil, err
				}
				if c := i.pageCache(); c != nil {
					c.Truncated(0)
				}
				if flags&unix.O_ACCMODE == unix.O_RDONLY {
					unix.Close(fd)
					return i.Open(flags &^ unix.O_TRUNC)
				}
			}
			return &regFile{i: i, fd: fd, own: true, append: flags&unix.O_APPEND != 0}, nil
		}
		fd, err = i.readFD()
		if err != nil {
			return nil, err
		}
		return &regFile{i: i, fd: fd}, nil
	case unix.S_IFLNK:
		return nil, unix.ELOOP
	case unix.S_IFCHR:
		// The memory devices (null, zero, full, random, urandom) are the
		// sentry's own; no other host device is served.
		return dev.Open(i.stat.Rdev, i.stat)
	default:
		// Block devices, fifos and sockets of the host are not served.
		return nil, unix.ENXIO
	}
}

// takeCreated hands the read-write FD Create got to the first open for
// writing (and to a first open for reading, as the shared read FD); it
// returns -1 when there is none or it went to reading.
func (i *Inode) takeCreated(acc int) int {
	i.mu.Lock()
	defer i.mu.Unlock()
	fd := i.created
	if fd < 0 {
		return -1
	}
	i.created = -1
	if acc != unix.O_RDONLY {
		return fd
	}
	if i.hostFD < 0 {
		i.hostFD = fd
	} else {
		unix.Close(fd)
	}
	return -1
}

// readFD returns the inode's shared read-only host FD.
func (i *Inode) readFD() (int, error) {
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.hostFD < 0 {
		fd, err := i.fs.c.Open(i.fid, unix.O_RDONLY)
		if err != nil {
			return -1, err
		}
		i.hostFD = fd
	}
	return i.hostFD, nil
}

// regFile is an open regular file: pread/pwrite on a donated FD.
type regFile struct {
	i      *Inode
	fd     int
	own    bool // fd belongs to this file (write access), not the inode
	append bool // fd is O_APPEND (pwrite appends)

	// A mapping outlives the open file (mmap, close, first touch): an own
	// fd is closed when the file is released and no vma maps it.
	mu       sync.Mutex
	maps     int
	released bool
}

// Mapped implements mm.MapCounter: vmas over the file keep its fd open;
// shared ones share the inode's page cache.
func (f *regFile) Mapped(delta int, shared, writable bool) {
	if shared {
		f.sharedMapped(delta, writable)
	}
	f.mu.Lock()
	f.maps += delta
	done := f.released && f.maps == 0
	f.mu.Unlock()
	if done && f.own {
		unix.Close(f.fd)
	}
}

func (f *regFile) Read(p []byte, off int64) (int, error) {
	h := hostStore{fd: f.fd}
	if c := f.i.pageCache(); c != nil {
		return c.Read(p, off, h)
	}
	return h.ReadAt(p, off)
}

func (f *regFile) Write(p []byte, off int64) (int, error) {
	defer f.i.fs.changed()
	n, err := unix.Pwrite(f.fd, p, off)
	if n < 0 {
		n = 0
	}
	if c := f.i.pageCache(); c != nil && n > 0 {
		if f.append {
			var st unix.Stat_t
			if unix.Fstat(f.fd, &st) == nil {
				off = st.Size - int64(n)
			}
		}
		c.Wrote(p[:n], off)
	}
	return n, err
}

func (f *regFile) Stat() (vfs.Stat, error) {
	var st unix.Stat_t
	if err := unix.Fstat(f.fd, &st); err != nil {
		return vfs.Stat{}, err
	}
	return vfs.StatFromHost(&st), nil
}

func (f *regFile) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (f *regFile) Seekable() bool                       { return true }
func (f *regFile) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}
func (f *regFile) Mappable() (vfs.Mappable, error) { return f, nil }

// ReadAt and Size make a regular file mappable.
func (f *regFile) ReadAt(p []byte, off int64) (int, error) { return f.Read(p, off) }
func (f *regFile) Size() int64 {
	if c := f.i.pageCache(); c != nil {
		return c.Size()
	}
	st, err := f.Stat()
	if err != nil {
		return 0
	}
	return st.Size
}
func (f *regFile) Release() {
	f.mu.Lock()
	f.released = true
	done := f.maps == 0
	f.mu.Unlock()
	if done && f.own {
		unix.Close(f.fd)
	}
}

// Truncate implements vfs.Truncater (ftruncate: the caller checked the file
// is open for writing, so fd is this file's own writable FD).
func (f *regFile) Truncate(size int64) error {
	defer f.i.fs.changed()
	if err := ftruncate(f.fd, size); err != nil {
		return err
	}
	if c := f.i.pageCache(); c != nil {
		c.Truncated(size)
	}
	return nil
}

// Sync implements vfs.Syncer: fsync or fdatasync of the donated FD reach
// the host's disk.
func (f *regFile) Sync(dataOnly bool) error {
	if c, w := f.i.pageCache(), f.writer(); c != nil && w != nil {
		if err := c.Writeback(0, c.Size(), w); err != nil {
			return unix.EIO
		}
	}
	return retry(func() error {
		if dataOnly {
			return unix.Fdatasync(f.fd)
		}
		return unix.Fsync(f.fd)
	})
}

func retry(call func() error) error {
	for {
		if err := call(); err != unix.EINTR {
			return err
		}
	}
}

func ftruncate(fd int, size int64) error {
	return retry(func() error { return unix.Ftruncate(fd, size) })
}

// ---- WInode: the changes of a writable mount ----

// Create implements vfs.DirOps: the gofer makes the file (O_EXCL) and
// donates a read-write FD, which the first Open takes.
func (w WInode) Create(name string, mode, uid, gid uint32) (vfs.Inode, error) {
	defer w.fs.changed()
	fid, st, fd, err := w.fs.c.Create(w.fid, name, unix.O_RDWR|unix.O_EXCL, mode&0o7777, uid, gid)
	if err != nil {
		return nil, err
	}
	n := w.fs.newInode(fid, st)
	n.created = fd
	return WInode{n}, nil
}

// Mkdir implements vfs.DirOps. As mkdir(2), only the permission bits and
// the sticky bit of mode count; set-group-ID comes from the parent.
func (w WInode) Mkdir(name string, mode, uid, gid uint32) (vfs.Inode, error) {
	defer w.fs.changed()
	fid, st, err := w.fs.c.Mkdir(w.fid, name, mode&0o1777, uid, gid)
	if err != nil {
		return nil, err
	}
	return w.fs.inode(fid, st), nil
}

// Symlink implements vfs.DirOps.
func (w WInode) Symlink(name, target string, uid, gid uint32) (vfs.Inode, error) {
	defer w.fs.changed()
	fid, st, err := w.fs.c.Symlink(w.fid, name, target, uid, gid)
	if err != nil {
		return nil, err
	}
	return w.fs.inode(fid, st), nil
}

// Mknod implements vfs.Mknoder: named pipes (the gofer's mkfifo) and
// regular files; socket and device nodes are EPERM (the gofer makes none).
func (w WInode) Mknod(name string, mode uint32, rdev uint64, uid, gid uint32) (vfs.Inode, error) {
	defer w.fs.changed()
	switch mode & unix.S_IFMT {
	case unix.S_IFIFO:
		fid, st, err := w.fs.c.Mkfifo(w.fid, name, mode&0o7777, uid, gid)
		if err != nil {
			return nil, err
		}
		return w.fs.inode(fid, st), nil
	case unix.S_IFREG:
		return w.Create(name, mode&0o7777, uid, gid)
	}
	return nil, unix.EPERM
}

// Unlink implements vfs.DirOps.
func (w WInode) Unlink(name string) error {
	defer w.fs.changed()
	return w.fs.c.Unlink(w.fid, name, 0)
}

// Rmdir implements vfs.DirOps.
func (w WInode) Rmdir(name string) error {
	defer w.fs.changed()
	return w.fs.c.Unlink(w.fid, name, unix.AT_REMOVEDIR)
}

// Rename implements vfs.DirOps.
func (w WInode) Rename(name string, newDir vfs.Inode, newName string) error {
	return w.RenameFlags(name, newDir, newName, 0)
}

// RenameFlags implements vfs.RenameFlags: renameat2's RENAME_NOREPLACE and
// RENAME_EXCHANGE, done by the host.
func (w WInode) RenameFlags(name string, newDir vfs.Inode, newName string, flags uint32) error {
	defer w.fs.changed()
	nd, ok := newDir.(WInode)
	if !ok || nd.fs != w.fs {
		return unix.EXDEV
	}
	return w.fs.c.Rename(w.fid, name, nd.fid, newName, flags)
}

// Link implements vfs.Linker: newName in w becomes a hard link to name in
// oldDir (of the same mount, else EXDEV).
func (w WInode) Link(oldDir vfs.Inode, name, newName string) (vfs.Inode, error) {
	defer w.fs.changed()
	od, ok := oldDir.(WInode)
	if !ok || od.fs != w.fs {
		return nil, unix.EXDEV
	}
	fid, st, err := w.fs.c.Link(od.fid, name, w.fid, newName)
	if err != nil {
		return nil, err
	}
	return w.fs.inode(fid, st), nil
}

// Tmpfile implements vfs.TmpfileMaker: the gofer makes the file (openat
// O_TMPFILE under the directory: EOPNOTSUPP where the host filesystem
// cannot) and donates a read-write FD, which Open takes.
func (w WInode) Tmpfile(mode, uid, gid uint32, excl bool) (vfs.Inode, error) {
	defer w.fs.changed()
	flags := unix.O_RDWR
	if excl {
		flags |= unix.O_EXCL
	}
	fid, st, fd, err := w.fs.c.Tmpfile(w.fid, flags, mode&0o7777, uid, gid)
	if err != nil {
		return nil, err
	}
	n := w.fs.newInode(fid, st)
	n.created = fd
	n.tmpfile = true
	return WInode{n}, nil
}

// LinkInode implements vfs.InodeLinker for a file with no name: an
// O_TMPFILE file of this mount gets newName (the host refuses one made with
// O_EXCL: ENOENT); any other file whose name is gone is ENOENT, as Linux
// says for a file with no links left.
func (w WInode) LinkInode(target vfs.Inode, newName string) (vfs.Inode, error) {
	t, ok := target.(WInode)
	if !ok || t.fs != w.fs {
		return nil, unix.EXDEV
	}
	if !t.tmpfile {
		return nil, unix.ENOENT
	}
	defer w.fs.changed()
	fid, st, err := w.fs.c.LinkFID(t.fid, w.fid, newName)
	if err != nil {
		return nil, err
	}
	return w.fs.inode(fid, st), nil
}

// Truncate implements vfs.Truncater (truncate(2)): through a write FD the
// gofer donates for it (the caller checked write permission).
func (w WInode) Truncate(size int64) error {
	defer w.fs.changed()
	if w.FileType() != unix.S_IFREG {
		return unix.EINVAL
	}
	fd, err := w.fs.c.Open(w.fid, unix.O_WRONLY)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	if err := ftruncate(fd, size); err != nil {
		return err
	}
	if c := w.pageCache(); c != nil {
		c.Truncated(size)
	}
	return nil
}

// SetMode implements vfs.AttrSetter.
func (w WInode) SetMode(mode uint32) error {
	defer w.fs.changed()
	_, err := w.fs.c.SetAttr(w.fid, gofer.SetAttrMode, mode&0o7777, 0, 0, gofer.Timespec{}, gofer.Timespec{})
	return err
}

// SetTimes implements vfs.AttrSetter.
func (w WInode) SetTimes(atime, mtime *unix.Timespec) error {
	defer w.fs.changed()
	var mask uint32
	var a, m gofer.Timespec
	if atime != nil {
		mask |= gofer.SetAttrAtime
		a = gofer.Timespec{Sec: atime.Sec, Nsec: atime.Nsec}
	}
	if mtime != nil {
		mask |= gofer.SetAttrMtime
		m = gofer.Timespec{Sec: mtime.Sec, Nsec: mtime.Nsec}
	}
	if mask == 0 {
		return nil
	}
	_, err := w.fs.c.SetAttr(w.fid, mask, 0, 0, 0, a, m)
	return err
}

// SetOwner implements vfs.OwnerSetter; ^0 leaves an ID as it is.
func (w WInode) SetOwner(uid, gid uint32) error {
	defer w.fs.changed()
	var mask uint32
	if uid != ^uint32(0) {
		mask |= gofer.SetAttrUID
	}
	if gid != ^uint32(0) {
		mask |= gofer.SetAttrGID
	}
	if mask == 0 {
		return nil
	}
	_, err := w.fs.c.SetAttr(w.fid, mask, 0, uid, gid, gofer.Timespec{}, gofer.Timespec{})
	return err
}

// dirFile is an open directory; entries come from the gofer.
type dirFile struct{ i *Inode }

// Sync implements vfs.Syncer: fsync of a directory FD the gofer donates for
// it (the sentry can only sync it: no getdents64 or *at on its list).
func (d *dirFile) Sync(dataOnly bool) error {
	fd, err := d.i.fs.c.Open(d.i.fid, unix.O_RDONLY|unix.O_DIRECTORY)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	return retry(func() error {
		if dataOnly {
			return unix.Fdatasync(fd)
		}
		return unix.Fsync(fd)
	})
}

func (d *dirFile) Read([]byte, int64) (int, error)  { return 0, unix.EISDIR }
func (d *dirFile) Write([]byte, int64) (int, error) { return 0, unix.EISDIR }
func (d *dirFile) Stat() (vfs.Stat, error)          { return d.i.Stat() }
func (d *dirFile) Seekable() bool                   { return true }
func (d *dirFile) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}
func (d *dirFile) Mappable() (vfs.Mappable, error) { return nil, unix.ENODEV }
func (d *dirFile) Release()                        {}

func (d *dirFile) Getdents(cookie int64) ([]vfs.Dirent, error) {
	if cookie < 0 {
		return nil, nil
	}
	ents, _, err := d.i.fs.c.Getdents(d.i.fid, uint64(cookie))
	if err != nil {
		return nil, err
	}
	out := make([]vfs.Dirent, len(ents))
	for k, e := range ents {
		out[k] = vfs.Dirent{Ino: e.Ino, Off: cookie + int64(k) + 1, Type: e.Type, Name: e.Name}
	}
	return out, nil
}

// StatFS implements vfs.StatFSer: the host filesystem's numbers and type
// (f_type is the host's, as a bind mount shows it), through the gofer. The
// host's filesystem id is not passed on (zero), and a read-only mount says
// ST_RDONLY whatever the host's is.
func (i *Inode) StatFS() (vfs.StatFS, error) {
	s, err := i.fs.c.StatFS(i.fid)
	if err != nil {
		return vfs.StatFS{}, err
	}
	st := vfs.StatFS{Type: s.Type, Bsize: s.Bsize, Frsize: s.Frsize, Blocks: s.Blocks, Bfree: s.Bfree,
		Bavail: s.Bavail, Files: s.Files, Ffree: s.Ffree, Namelen: s.Namelen, Flags: s.Flags &^ 0x20}
	if !i.fs.writable {
		st.Flags |= unix.ST_RDONLY
	}
	return st, nil
}

// Allocate implements vfs.Allocator: fallocate of the file's own writable
// donated FD (the caller checked the file is open for writing); the host
// filesystem answers (EOPNOTSUPP where it lacks a mode).
func (f *regFile) Allocate(mode uint32, off, length int64) error {
	defer f.i.fs.changed()
	return retry(func() error { return unix.Fallocate(f.fd, mode, off, length) })
}

// OpenBlocking implements vfs.BlockingOpener. A named pipe of a gofer mount
// is a pipe of the sandbox's own: its ends meet only the sandbox's
// processes, never a host process that opens the host's FIFO (from the
// sandbox's point of view it is the only user of its files). Other types
// open as Open does.
func (i *Inode) OpenBlocking(flags int, b vfs.Blocker) (vfs.FileImpl, error) {
	if i.FileType() != unix.S_IFIFO {
		return i.Open(flags)
	}
	i.mu.Lock()
	if i.fifo == nil {
		i.fifo = pipe.NewFIFO()
	}
	p := i.fifo
	i.mu.Unlock()
	e, err := p.Open(flags, b)
	if err != nil {
		return nil, err
	}
	return &fifoFile{End: e, i: i}, nil
}

// fifoFile is an open named pipe: the sandbox's pipe, with the file's stat.
type fifoFile struct {
	*pipe.End
	i *Inode
}

// Stat implements vfs.FileImpl.
func (f *fifoFile) Stat() (vfs.Stat, error) { return f.i.Stat() }
