package vfs

import "golang.org/x/sys/unix"

// DirOps is implemented by the directories of writable filesystems (tmpfs);
// a directory without it is read-only (EROFS). Names are single components
// (never "", ".", ".." or containing "/"); the VFS checks permissions and
// keeps its dentry cache in step.
type DirOps interface {
	// Create makes a regular file. Errors: EEXIST, ENOSPC.
	Create(name string, mode, uid, gid uint32) (Inode, error)
	// Mkdir makes a directory. Errors: EEXIST, ENOSPC.
	Mkdir(name string, mode, uid, gid uint32) (Inode, error)
	// Symlink makes a symlink. Errors: EEXIST.
	Symlink(name, target string, uid, gid uint32) (Inode, error)
	// Unlink removes a non-directory. Errors: ENOENT, EISDIR.
	Unlink(name string) error
	// Rmdir removes an empty directory. Errors: ENOENT, ENOTDIR, ENOTEMPTY.
	Rmdir(name string) error
	// Rename moves name to newName in newDir (a DirOps of the same
	// filesystem), replacing what is there as rename(2) allows.
	// Errors: ENOENT, EXDEV, EISDIR, ENOTDIR, ENOTEMPTY, EINVAL.
	Rename(name string, newDir Inode, newName string) error
}

// Truncater is implemented by files whose size can be set. Errors: EFBIG.
type Truncater interface {
	Truncate(size int64) error
}

// dirOps returns d's DirOps or EROFS.
func dirOps(d *Dentry) (DirOps, error) {
	ops, ok := d.inode.(DirOps)
	if !ok {
		return nil, unix.EROFS
	}
	return ops, nil
}

// Invalidate drops name from d's dentry cache (after an unlink or rename).
func (d *Dentry) Invalidate(name string) {
	d.mu.Lock()
	delete(d.children, name)
	d.mu.Unlock()
}

// CreateChild runs op (Create, Mkdir or Symlink on d's DirOps) for name and
// caches the new dentry. Errors: EROFS for a read-only directory, EEXIST.
func (d *Dentry) CreateChild(name string, op func(DirOps) (Inode, error)) (*Dentry, error) {
	ops, err := dirOps(d)
	if err != nil {
		if _, lerr := d.child(name); lerr == nil {
			return nil, unix.EEXIST
		}
		return nil, err
	}
	ino, err := op(ops)
	if err != nil {
		return nil, err
	}
	c := &Dentry{name: name, parent: d, inode: ino}
	d.mu.Lock()
	if d.children == nil {
		d.children = make(map[string]*Dentry)
	}
	d.children[name] = c
	d.mu.Unlock()
	notifyChild(d, ino, InCreate, 0, name)
	return c, nil
}

// RemoveChild unlinks (dir false) or rmdirs (dir true) name under d.
func (d *Dentry) RemoveChild(name string, dir bool) error {
	ops, err := dirOps(d)
	if err != nil {
		if _, lerr := d.child(name); lerr != nil {
			return lerr
		}
		return err
	}
	gone := d.childInode(name)
	if dir {
		err = ops.Rmdir(name)
	} else {
		err = ops.Unlink(name)
	}
	if err == nil {
		d.Invalidate(name)
		notifyRemoved(d, gone, name, dir)
	}
	return err
}

// RenameChild renames name under d to newName under nd.
func (d *Dentry) RenameChild(name string, nd *Dentry, newName string) error {
	ops, err := dirOps(d)
	if err != nil {
		return err
	}
	if _, ok := nd.inode.(DirOps); !ok {
		return unix.EXDEV
	}
	src, dst := d.childInode(name), nd.childInode(newName)
	if err := ops.Rename(name, nd.inode, newName); err != nil {
		return err
	}
	d.Invalidate(name)
	nd.Invalidate(newName)
	notifyRenamed(d, nd, src, dst, name, newName)
	return nil
}

// AttrSetter is implemented by inodes of writable filesystems whose mode and
// times can be changed; elsewhere chmod and utimensat say EROFS.
type AttrSetter interface {
	SetMode(mode uint32) error
	// SetTimes sets atime and mtime; nil leaves one as it is.
	SetTimes(atime, mtime *unix.Timespec) error
}
