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
	if err == unix.EEXIST {
		d.Invalidate(name) // made behind the sandbox's back: look again
	}
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
	DirEvent(d, DNCreate)
	notifyChild(d, ino, InCreate, 0, name)
	return c, nil
}

// RemoveChild unlinks (dir false) or rmdirs (dir true) name under d.
// Errors: EBUSY for a mount point, whose name in the filesystem below the
// mount is never touched.
func (d *Dentry) RemoveChild(name string, dir bool) error {
	if d.isMountPoint(name) {
		return unix.EBUSY
	}
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
		DirEvent(d, DNDelete)
		notifyRemoved(d, gone, name, dir)
	}
	return err
}

// RenameChild renames name under d to newName under nd.
func (d *Dentry) RenameChild(name string, nd *Dentry, newName string) error {
	return d.RenameChildFlags(name, nd, newName, 0)
}

// RenameChildFlags is RenameChild with renameat2's flags (RENAME_NOREPLACE,
// RENAME_EXCHANGE): those need a directory with RenameFlags (else EINVAL),
// except NOREPLACE, which the caller has checked as well.
func (d *Dentry) RenameChildFlags(name string, nd *Dentry, newName string, flags uint32) error {
	if d.isMountPoint(name) || nd.isMountPoint(newName) {
		return unix.EBUSY
	}
	ops, err := dirOps(d)
	if err != nil {
		return err
	}
	if _, ok := nd.inode.(DirOps); !ok {
		return unix.EXDEV
	}
	src, dst := d.childInode(name), nd.childInode(newName)
	if rf, ok := d.inode.(RenameFlags); ok {
		err = rf.RenameFlags(name, nd.inode, newName, flags)
	} else if flags&^unix.RENAME_NOREPLACE != 0 {
		return unix.EINVAL
	} else {
		err = ops.Rename(name, nd.inode, newName)
	}
	if err != nil {
		return err
	}
	d.Invalidate(name)
	nd.Invalidate(newName)
	// As Linux's fsnotify_move: the old directory sees the name leave
	// (DN_DELETE watchers, and DN_RENAME ones when it stays in the same
	// directory), then the new one sees it arrive (DN_CREATE watchers).
	ev := uint32(DNDelete)
	if nd == d {
		ev |= DNRename
	}
	DirEvent(d, ev)
	DirEvent(nd, DNCreate)
	notifyRenamed(d, nd, src, dst, name, newName)
	return nil
}

// RenameFlags is implemented by directories whose renames take renameat2's
// flags (RENAME_NOREPLACE, RENAME_EXCHANGE); newDir is as for Rename.
type RenameFlags interface {
	RenameFlags(name string, newDir Inode, newName string, flags uint32) error
}

// Linker is implemented by directories that take hard links: newName in
// the directory becomes a link to name in oldDir (same filesystem, else
// EXDEV). Errors: EEXIST, EPERM (a directory), EXDEV.
type Linker interface {
	Link(oldDir Inode, name, newName string) (Inode, error)
}

// LinkChild makes newName under d a hard link to target. Errors: EROFS (a
// read-only directory), EPERM (a filesystem without hard links, or target
// is a mount's root), EXDEV.
func (d *Dentry) LinkChild(target *Dentry, newName string) error {
	if _, err := dirOps(d); err != nil {
		return err
	}
	var ino Inode
	var err error
	il, inodeLinker := d.inode.(InodeLinker)
	l, linker := d.inode.(Linker)
	switch {
	case inodeLinker && (!linker || !target.named()):
		// A file with no name to link by (an O_TMPFILE file, one whose
		// name is gone) goes by its inode.
		ino, err = il.LinkInode(target.inode, newName)
	case linker:
		if target.parent == nil {
			return unix.EPERM
		}
		ino, err = l.Link(target.parent.inode, target.name, newName)
	default:
		return unix.EPERM
	}
	if err != nil {
		return err
	}
	d.mu.Lock()
	if d.children == nil {
		d.children = make(map[string]*Dentry)
	}
	d.children[newName] = &Dentry{name: newName, parent: d, inode: ino}
	d.mu.Unlock()
	DirEvent(d, DNCreate)
	return nil
}

// named reports whether d is still its parent's dentry for its name: not
// an O_TMPFILE file's, nor one whose name went (unlink, rename).
func (d *Dentry) named() bool {
	p := d.parent
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.children[d.name] == d
}

// OwnerSetter is implemented by inodes of writable filesystems whose owner
// can be changed; ^0 leaves an ID as it is. Elsewhere chown says EROFS.
type OwnerSetter interface {
	SetOwner(uid, gid uint32) error
}

// Syncer is implemented by open files whose data can be flushed to stable
// storage (fsync, fdatasync with dataOnly).
type Syncer interface {
	Sync(dataOnly bool) error
}

// TypeKnower is implemented by inodes whose type bits (S_IFMT) are known
// without a Stat, which may cost a round trip: the path walk asks only for
// the type.
type TypeKnower interface {
	FileType() uint32
}

// fileType returns ino's S_IFMT bits.
func fileType(ino Inode) (uint32, error) {
	if tk, ok := ino.(TypeKnower); ok {
		return tk.FileType(), nil
	}
	st, err := ino.Stat()
	return st.Mode & unix.S_IFMT, err
}

// AttrSetter is implemented by inodes of writable filesystems whose mode and
// times can be changed; elsewhere chmod and utimensat say EROFS.
type AttrSetter interface {
	SetMode(mode uint32) error
	// SetTimes sets atime and mtime; nil leaves one as it is.
	SetTimes(atime, mtime *unix.Timespec) error
}

// Mknoder is implemented by directories that make special files (mknod):
// mode's type is S_IFREG, S_IFIFO, S_IFSOCK, S_IFCHR or S_IFBLK (the
// caller has checked it and the capability device nodes need); rdev is a
// device's number. Errors: EEXIST, ENOSPC.
type Mknoder interface {
	Mknod(name string, mode uint32, rdev uint64, uid, gid uint32) (Inode, error)
}

// BlockingOpener is implemented by inodes whose open may wait (a named
// pipe's for its peer): the kernel opens them with the task as b, so that a
// signal interrupts the wait (b's error).
type BlockingOpener interface {
	OpenBlocking(flags int, b Blocker) (FileImpl, error)
}

// InodeLinker is implemented by directories that link an inode itself
// (tmpfs's), not a name: an O_TMPFILE file, which has none, included. A
// directory that is a Linker too (a writable gofer mount's) is asked only
// for files with no name to link by.
// Errors: EXDEV (another filesystem), EPERM (a directory), ENOENT (a file
// with no name left that may not get one), EEXIST.
type InodeLinker interface {
	LinkInode(target Inode, newName string) (Inode, error)
}

// TmpfileMaker is implemented by directories that make O_TMPFILE files: a
// regular file with no name, which LinkInode can name later unless excl.
// Elsewhere O_TMPFILE is EOPNOTSUPP.
type TmpfileMaker interface {
	Tmpfile(mode, uid, gid uint32, excl bool) (Inode, error)
}

// Allocator is implemented by open regular files that take fallocate(2):
// mode is 0 (allocate, growing the size), FALLOC_FL_KEEP_SIZE, or
// FALLOC_FL_PUNCH_HOLE|FALLOC_FL_KEEP_SIZE (the caller checked the mode's
// shape, the range and that the file is open for writing). Errors:
// EOPNOTSUPP (a mode the filesystem lacks), EFBIG, ENOSPC.
type Allocator interface {
	Allocate(mode uint32, off, length int64) error
}
