// Package gofer is the filesystem whose files come from the gofer process:
// lookups, stats, symlinks and directory listings are gofer requests; regular
// file data is read and written through the host FD the gofer donates, with
// no round trip.
//
// It never opens a host path: every host FD it holds was donated.
//
// Lock order: Inode.mu is a leaf.
package gofer

import (
	"sync"

	"golang.org/x/sys/unix"

	"husk/gofer"
	"husk/sentry/fs/dev"
	"husk/sentry/vfs"
)

// FS is one gofer connection's tree.
type FS struct {
	c *gofer.Client
}

// New attaches to the gofer's root and returns the root inode.
func New(c *gofer.Client) (*FS, *Inode, error) {
	fs := &FS{c: c}
	fid, st, err := c.Attach()
	if err != nil {
		return nil, nil, err
	}
	return fs, fs.inode(fid, st), nil
}

// Inode is one file of the gofer's tree.
type Inode struct {
	fs   *FS
	fid  gofer.FID
	stat vfs.Stat

	mu     sync.Mutex
	hostFD int    // read-only donated FD, -1 until opened
	target string // symlink target, once read
}

var _ vfs.Inode = (*Inode)(nil)

func (fs *FS) inode(fid gofer.FID, st gofer.Stat) *Inode {
	return &Inode{fs: fs, fid: fid, stat: convStat(st), hostFD: -1}
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

// Stat implements vfs.Inode.
func (i *Inode) Stat() (vfs.Stat, error) { return i.stat, nil }

// Lookup implements vfs.Inode.
func (i *Inode) Lookup(name string) (vfs.Inode, error) {
	if !i.stat.IsDir() {
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
	switch i.stat.Mode & unix.S_IFMT {
	case unix.S_IFDIR:
		if flags&unix.O_ACCMODE != unix.O_RDONLY {
			return nil, unix.EISDIR
		}
		return &dirFile{i: i}, nil
	case unix.S_IFREG:
		if flags&unix.O_ACCMODE != unix.O_RDONLY || flags&unix.O_TRUNC != 0 {
			// The gofer decides (EROFS on a read-only root).
			fd, err := i.fs.c.Open(i.fid, flags&(unix.O_ACCMODE|unix.O_APPEND|unix.O_TRUNC))
			if err != nil {
				return nil, err
			}
			return &regFile{i: i, fd: fd, own: true}, nil
		}
		fd, err := i.readFD()
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
	i   *Inode
	fd  int
	own bool // fd belongs to this file (write access), not the inode
}

func (f *regFile) Read(p []byte, off int64) (int, error) {
	total := 0
	for total < len(p) {
		n, err := unix.Pread(f.fd, p[total:], off+int64(total))
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return total, err
		}
		if n == 0 {
			break
		}
		total += n
	}
	return total, nil
}

func (f *regFile) Write(p []byte, off int64) (int, error) {
	n, err := unix.Pwrite(f.fd, p, off)
	if n < 0 {
		n = 0
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
	st, err := f.Stat()
	if err != nil {
		return 0
	}
	return st.Size
}
func (f *regFile) Release() {
	if f.own {
		unix.Close(f.fd)
	}
}

// dirFile is an open directory; entries come from the gofer.
type dirFile struct{ i *Inode }

func (d *dirFile) Read([]byte, int64) (int, error)  { return 0, unix.EISDIR }
func (d *dirFile) Write([]byte, int64) (int, error) { return 0, unix.EISDIR }
func (d *dirFile) Stat() (vfs.Stat, error)          { return d.i.stat, nil }
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
