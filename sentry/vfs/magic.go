package vfs

import "golang.org/x/sys/unix"

// Links whose meaning is not a plain string (procfs's): Linux's "magic
// links" and the caller-dependent /proc/self.

// MagicLink is implemented by symlink inodes that stand for an object, not a
// path: /proc/[pid]/fd/N, exe, cwd, root. A walk through one jumps to the
// dentry Follow returns, the way Linux's nd_jump_link does, instead of
// walking the text Readlink shows (which may name a file that is gone, or
// "pipe:[N]"). A Walker with NoMagicLinks refuses them (ELOOP).
type MagicLink interface {
	// Follow returns the dentry the link stands for, as seen by w (whose
	// Caller is the walking task). Errors: ENOENT when the object is gone,
	// EACCES when w's caller may not look at it.
	Follow(w *Walker) (*Dentry, error)
}

// CallerLink is implemented by symlinks whose text depends on who reads
// them (/proc/self, /proc/thread-self).
type CallerLink interface {
	// ReadlinkAs returns the target as seen by w's Caller. Errors: ENOENT
	// without a caller.
	ReadlinkAs(w *Walker) (string, error)
}

// Volatile is implemented by directories whose children come and go on
// their own (procfs's /proc and /proc/[pid]/fd): their dentries are not
// cached, every walk looks the name up again.
type Volatile interface {
	Volatile()
}

// Reopener is implemented by inodes that stand for an open file description
// with no name (a pipe, an eventfd, the sandbox's stdio) reached through
// /proc/[pid]/fd/N: opening one gives that description again with a new
// reference (where Linux would make a new description of the same inode;
// the offset, a stream's, is shared either way).
type Reopener interface {
	// Reopen returns the file for an open with flags. Errors: EACCES when
	// the access mode asks for more than the description allows.
	Reopen(flags int) (*File, error)
}

// NewDentry makes a dentry for ino named name under parent that is not
// cached in parent (a magic link's target that has no name of its own).
func NewDentry(parent *Dentry, name string, ino Inode) *Dentry {
	return &Dentry{name: name, parent: parent, inode: ino}
}

// follow resolves the symlink c found in d.
func (w *Walker) follow(d, c *Dentry, links *int) (*Dentry, error) {
	if m, ok := c.inode.(MagicLink); ok {
		if w.NoMagicLinks || w.NoSymlinks {
			return nil, unix.ELOOP
		}
		if w.Scoped || w.Beneath {
			return nil, unix.EXDEV
		}
		t, err := m.Follow(w)
		if err == nil && w.NoXdev && MountOf(t) != MountOf(d) {
			return nil, unix.EXDEV
		}
		return t, err
	}
	target, err := w.Readlink(c)
	if err != nil {
		return nil, err
	}
	if target == "" {
		return nil, unix.ENOENT
	}
	// An absolute target jumps to the root: a mount crossed where the root
	// is on another mount (an absolute path argument is not checked).
	if target[0] == '/' && w.NoXdev && !w.Beneath && MountOf(d) != MountOf(w.Root) {
		return nil, unix.EXDEV
	}
	return w.walk(d, target, true, links)
}

// Readlink returns the text of the symlink d as w's caller reads it
// (readlink(2)). Errors: EINVAL if d is not a symlink.
func (w *Walker) Readlink(d *Dentry) (string, error) {
	if c, ok := d.inode.(CallerLink); ok {
		return c.ReadlinkAs(w)
	}
	return d.inode.Readlink()
}
