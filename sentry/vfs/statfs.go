package vfs

import "golang.org/x/sys/unix"

// Filesystem magic numbers statfs(2) reports as f_type (linux/magic.h).
const (
	TmpfsMagic   = 0x01021994
	ProcMagic    = 0x9fa0
	SysfsMagic   = 0x62656572
	DevptsMagic  = 0x1cd1
	PipefsMagic  = 0x50495045
	SockfsMagic  = 0x534f434b
	AnonInodeFS  = 0x09041934
	NameMax      = 255
	statfsFValid = 0x20 // ST_VALID: f_flags is filled in
)

// StatFS is a filesystem's status as statfs(2) reports it.
type StatFS struct {
	Type                  int64
	Bsize, Frsize         int64
	Blocks, Bfree, Bavail uint64
	Files, Ffree          uint64
	Fsid                  [2]int32
	Namelen               int64
	Flags                 int64 // ST_* mount flags; ST_VALID is added by Dentry.StatFS
}

// StatFSer is implemented by the filesystems that know their own status:
// by any of their inodes (tmpfs, the gofer's), or by a mount's root, or is
// given to MountFS for a filesystem whose inodes are generic (procfs, sysfs).
type StatFSer interface {
	// StatFS returns the status of the filesystem holding the inode.
	StatFS() (StatFS, error)
}

// FixedStatFS is the status of a filesystem with no size (procfs, sysfs,
// devpts): only its type and the name limit.
type FixedStatFS int64

// StatFS implements StatFSer.
func (f FixedStatFS) StatFS() (StatFS, error) {
	return StatFS{Type: int64(f), Bsize: 4096, Frsize: 4096, Namelen: NameMax}, nil
}

// MountFS is Mount for a filesystem whose status s gives (statfs of any of
// its files).
func (d *Dentry) MountFS(name string, ino Inode, s StatFSer) {
	d.Mount(name, ino)
	d.mu.Lock()
	d.children[name].statfs = s
	d.mu.Unlock()
}

// StatFS returns the status of the filesystem d is on: the inode's own
// (StatFSer), else that of the mount d lies under. Errors: ENOSYS where no
// filesystem on the way up knows (never with the sandbox's mounts).
func (d *Dentry) StatFS() (StatFS, error) {
	if s, ok := d.inode.(StatFSer); ok {
		return withValid(s.StatFS())
	}
	for e := d; e != nil; e = e.parent {
		if e.statfs != nil {
			return withValid(e.statfs.StatFS())
		}
		if e.mount || e.parent == nil {
			if s, ok := e.inode.(StatFSer); ok {
				return withValid(s.StatFS())
			}
		}
	}
	return StatFS{}, unix.ENOSYS
}

func withValid(s StatFS, err error) (StatFS, error) {
	s.Flags |= statfsFValid
	return s, err
}

// AnonStatFS is the status fstatfs gives for a file with no filesystem of
// its own in the sandbox (a pipe, a socket, an eventfd...), by its type
// bits: pipefs, sockfs, else the anonymous-inode filesystem.
func AnonStatFS(mode uint32) StatFS {
	t := int64(AnonInodeFS)
	switch mode & unix.S_IFMT {
	case unix.S_IFIFO:
		t = PipefsMagic
	case unix.S_IFSOCK:
		t = SockfsMagic
	}
	return StatFS{Type: t, Bsize: 4096, Frsize: 4096, Namelen: NameMax, Flags: statfsFValid}
}

// StatxAttributer is implemented by inodes whose filesystem supports some
// of statx's file attributes (stx_attributes_mask).
type StatxAttributer interface {
	StatxAttributesMask() uint64
}
