package tmpfs

import (
	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

var _ vfs.Linker = (*Inode)(nil)

// Link implements vfs.Linker: newName in i becomes another name of the
// non-directory name in oldDir (a directory of the same tmpfs, else
// EXDEV). Errors: ENOENT, EEXIST, EPERM (a directory), EMLINK.
func (i *Inode) Link(oldDir vfs.Inode, name, newName string) (vfs.Inode, error) {
	od, ok := oldDir.(*Inode)
	if !ok || od.fs != i.fs {
		return nil, unix.EXDEV
	}
	fs := i.fs
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if od.children == nil || i.children == nil {
		return nil, unix.ENOTDIR
	}
	c, ok := od.children[name]
	if !ok {
		return nil, unix.ENOENT
	}
	if c.children != nil {
		return nil, unix.EPERM
	}
	if _, ok := i.children[newName]; ok {
		return nil, unix.EEXIST
	}
	if c.stat.Nlink >= 65000 {
		return nil, unix.EMLINK
	}
	i.children[newName] = c
	c.stat.Nlink++
	t := now()
	c.stat.Ctime = t
	i.stat.Mtime, i.stat.Ctime = t, t
	return c, nil
}
