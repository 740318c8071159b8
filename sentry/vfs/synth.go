package vfs

import (
	"time"

	"golang.org/x/sys/unix"
)

// EmptyDir is an empty, read-only directory of the sentry's own. Until the
// sentry has its own procfs and sysfs, it is mounted over /proc and /sys so
// that the host's (host PIDs, command lines, paths) never reach the app
// through the gofer.
type EmptyDir struct{ st Stat }

var _ Inode = (*EmptyDir)(nil)

// NewEmptyDir returns an empty directory with inode number ino.
func NewEmptyDir(ino uint64) *EmptyDir {
	now := unix.NsecToTimespec(time.Now().UnixNano())
	return &EmptyDir{st: Stat{Dev: 0x2a, Ino: ino, Mode: unix.S_IFDIR | 0o555, Nlink: 2, Blksize: 4096,
		Atime: now, Mtime: now, Ctime: now}}
}

func (d *EmptyDir) Stat() (Stat, error)          { return d.st, nil }
func (d *EmptyDir) Lookup(string) (Inode, error) { return nil, unix.ENOENT }
func (d *EmptyDir) Readlink() (string, error)    { return "", unix.EINVAL }
func (d *EmptyDir) Open(flags int) (FileImpl, error) {
	if flags&unix.O_ACCMODE != unix.O_RDONLY {
		return nil, unix.EISDIR
	}
	return emptyDirFile{d}, nil
}

type emptyDirFile struct{ d *EmptyDir }

func (f emptyDirFile) Read([]byte, int64) (int, error)  { return 0, unix.EISDIR }
func (f emptyDirFile) Write([]byte, int64) (int, error) { return 0, unix.EISDIR }
func (f emptyDirFile) Stat() (Stat, error)              { return f.d.st, nil }
func (f emptyDirFile) Seekable() bool                   { return true }
func (f emptyDirFile) Mappable() (Mappable, error)      { return nil, unix.ENODEV }
func (f emptyDirFile) Release()                         {}
func (f emptyDirFile) Ioctl(IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}
func (f emptyDirFile) Getdents(cookie int64) ([]Dirent, error) {
	ents := []Dirent{{Ino: f.d.st.Ino, Off: 1, Type: unix.DT_DIR, Name: "."}, {Ino: 1, Off: 2, Type: unix.DT_DIR, Name: ".."}}
	if cookie >= int64(len(ents)) || cookie < 0 {
		return nil, nil
	}
	return ents[cookie:], nil
}

// Mount makes name under d resolve to ino, hiding whatever the filesystem
// has there (a mount point).
func (d *Dentry) Mount(name string, ino Inode) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.children == nil {
		d.children = make(map[string]*Dentry)
	}
	d.children[name] = &Dentry{name: name, parent: d, inode: ino, mount: true}
}

// isMountPoint reports whether name under d is covered by a mount.
func (d *Dentry) isMountPoint(name string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.children[name]
	return c != nil && c.mount
}
