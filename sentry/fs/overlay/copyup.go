package overlay

import (
	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

// copyChunk is how much file data one step of a copy-up moves.
const copyChunk = 1 << 20

// copyUp copies the inode up (see copyUpLocked).
func (i *Inode) copyUp() error {
	if i.Upper() != nil {
		return nil
	}
	i.fs.opMu.Lock()
	defer i.fs.opMu.Unlock()
	return i.copyUpLocked()
}

// copyUpLocked gives the inode an upper part: its parent chain first, then
// a copy of its data (regular files), its target (symlinks), its mode,
// owner and times. FS.opMu is held. Errors: ESTALE when the name was
// removed or replaced since the inode was looked up (an open file of a
// removed lower file cannot be copied up); EROFS for devices, fifos and
// sockets (the upper makes none); ENOSPC when the upper is full.
func (i *Inode) copyUpLocked() error {
	if i.Upper() != nil {
		return nil
	}
	if i.parent == nil || i.lower == nil {
		return unix.EIO // the root and upper-only inodes always have an upper
	}
	if err := i.parent.copyUpLocked(); err != nil {
		return err
	}
	fs := i.fs
	pu := i.parent.Upper()
	ops, ok := pu.(vfs.DirOps)
	if !ok {
		return unix.EROFS
	}
	if _, err := pu.Lookup(i.name); err == nil {
		return unix.ESTALE
	}
	if wh, _ := fs.whiteout(pu, i.name); wh {
		return unix.ESTALE
	}
	st, err := i.lower.Stat()
	if err != nil {
		return err
	}
	perm := st.Mode & 0o7777
	var c vfs.Inode
	switch i.typ {
	case unix.S_IFDIR:
		c, err = ops.Mkdir(i.name, perm, st.UID, st.GID)
	case unix.S_IFREG:
		c, err = ops.Create(i.name, perm, st.UID, st.GID)
		if err == nil {
			if err = copyData(i.lower, c); err != nil {
				ops.Unlink(i.name)
			}
		}
	case unix.S_IFLNK:
		var target string
		if target, err = i.lower.Readlink(); err == nil {
			c, err = ops.Symlink(i.name, target, st.UID, st.GID)
		}
	default:
		return unix.EROFS
	}
	if err != nil {
		return err
	}
	if as, ok := c.(vfs.AttrSetter); ok {
		if i.typ != unix.S_IFLNK {
			as.SetMode(perm)
		}
		as.SetTimes(&st.Atime, &st.Mtime)
	}
	fs.mu.Lock()
	fs.origin[c] = [2]uint64{st.Dev, st.Ino}
	fs.mu.Unlock()
	i.upper.Store(&c)
	return nil
}

// copyData copies a regular file's data from the lower to the upper.
func copyData(from, to vfs.Inode) error {
	src, err := from.Open(unix.O_RDONLY)
	if err != nil {
		return err
	}
	defer src.Release()
	dst, err := to.Open(unix.O_WRONLY)
	if err != nil {
		return err
	}
	defer dst.Release()
	buf := make([]byte, copyChunk)
	for off := int64(0); ; {
		n, err := src.Read(buf, off)
		if n > 0 {
			if _, werr := dst.Write(buf[:n], off); werr != nil {
				return werr
			}
			off += int64(n)
		}
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
	}
}
