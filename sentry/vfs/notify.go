package vfs

import (
	"reflect"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// File-change notification (inotify): watches on inodes, and the events
// the VFS raises where names are made, removed and renamed and where open
// files are opened, read, written and closed. An event on a file goes to
// the file's watches and, with the file's name, to its parent directory's
// (as Linux's fsnotify does for a watched directory's children).
//
// Only changes made through the sentry's VFS are seen: a change the host
// makes to a gofer-served file behind the sandbox's back raises nothing.
//
// Lock order: notify.mu is a leaf; a Watcher's Notify is called with no
// vfs lock held, and a Watcher may call AddWatch and RemoveWatch with its
// own lock held.

// Inotify event bits (IN_*).
const (
	InAccess       = 0x1
	InModify       = 0x2
	InAttrib       = 0x4
	InCloseWrite   = 0x8
	InCloseNowrite = 0x10
	InOpen         = 0x20
	InMovedFrom    = 0x40
	InMovedTo      = 0x80
	InCreate       = 0x100
	InDelete       = 0x200
	InDeleteSelf   = 0x400
	InMoveSelf     = 0x800
	InUnmount      = 0x2000
	InQOverflow    = 0x4000
	InIgnored      = 0x8000
	InIsdir        = 0x40000000
	// InAllEvents is IN_ALL_EVENTS.
	InAllEvents = 0xfff
	// selfOnly are the events a parent directory never hears of.
	selfOnly = InDeleteSelf | InMoveSelf | InIgnored | InUnmount
)

// Watcher receives the events of its watches (an inotify instance).
type Watcher interface {
	// Notify delivers one event of watch w; name is the child's for a
	// directory's watch, else "". IN_IGNORED says w is gone.
	Notify(w *Watch, mask, cookie uint32, name string)
}

// Watch is one watch of a Watcher on an inode.
type Watch struct {
	Owner Watcher
	WD    int32
	Inode Inode
	mask  atomic.Uint32
	key   lockKey // the file's identity (AddWatch)
}

// Mask and SetMask read and replace the watch's mask (events and IN_ flags).
func (w *Watch) Mask() uint32     { return w.mask.Load() }
func (w *Watch) SetMask(m uint32) { w.mask.Store(m) }

var notify struct {
	mu sync.Mutex
	// byInode holds the watches by file identity (device and inode
	// numbers, as file locks key them), not by Go inode: a filesystem
	// may make a new Inode for a file it walks again (the gofer after a
	// rename), and its watches must still follow the file.
	byInode map[lockKey][]*Watch
	count   atomic.Int32 // watches in byInode: 0 makes every hook a no-op
	cookie  atomic.Uint32
}

func watchable(ino Inode) bool { return ino != nil && reflect.TypeOf(ino).Comparable() }

// WatchKey is ino's identity for watches: equal for two Inodes of one file.
// ok is false when ino cannot say (its stat fails).
func WatchKey(ino Inode) (key any, ok bool) { return inodeKey(ino) }

// Key is the identity AddWatch gave w.
func (w *Watch) Key() any { return w.key }

// inodeKey is ino's identity for watches.
func inodeKey(ino Inode) (lockKey, bool) {
	st, err := ino.Stat()
	if err != nil {
		return lockKey{}, false
	}
	if ld, ok := ino.(LockDomainer); ok {
		return lockKey{domain: ld.LockDomain(), dev: st.Dev, ino: st.Ino}, true
	}
	return lockKey{typ: reflect.TypeOf(ino), dev: st.Dev, ino: st.Ino}, true
}

// AddWatch registers w on w.Inode. Errors: EINVAL (an inode that cannot be
// watched).
func AddWatch(w *Watch) error {
	if !watchable(w.Inode) {
		return unix.EINVAL
	}
	k, ok := inodeKey(w.Inode)
	if !ok {
		return unix.EINVAL
	}
	w.key = k
	notify.mu.Lock()
	defer notify.mu.Unlock()
	if notify.byInode == nil {
		notify.byInode = make(map[lockKey][]*Watch)
	}
	notify.byInode[k] = append(notify.byInode[k], w)
	notify.count.Add(1)
	return nil
}

// RemoveWatch unregisters w (no IN_IGNORED: the Watcher queues its own).
func RemoveWatch(w *Watch) {
	notify.mu.Lock()
	defer notify.mu.Unlock()
	ws := notify.byInode[w.key]
	for i, x := range ws {
		if x == w {
			ws = append(ws[:i:i], ws[i+1:]...)
			notify.count.Add(-1)
			break
		}
	}
	if len(ws) == 0 {
		delete(notify.byInode, w.key)
	} else {
		notify.byInode[w.key] = ws
	}
}

func watchesOf(ino Inode) []*Watch {
	if notify.count.Load() == 0 || !watchable(ino) {
		return nil
	}
	k, ok := inodeKey(ino)
	if !ok {
		return nil
	}
	notify.mu.Lock()
	defer notify.mu.Unlock()
	return append([]*Watch(nil), notify.byInode[k]...)
}

// send delivers mask to the watches of ino.
func send(ino Inode, mask, cookie uint32, name string) {
	for _, w := range watchesOf(ino) {
		w.Owner.Notify(w, mask, cookie, name)
	}
}

func isDirInode(ino Inode) bool {
	st, err := ino.Stat()
	return err == nil && st.IsDir()
}

// notifyDentry raises mask on d's inode and, with d's name, on its parent.
// The file is stat'ed (for IN_ISDIR) only when someone watches it.
func notifyDentry(d *Dentry, mask uint32) {
	if d == nil || notify.count.Load() == 0 {
		return
	}
	own := watchesOf(d.inode)
	var parent []*Watch
	if d.parent != nil && mask&selfOnly == 0 {
		parent = watchesOf(d.parent.inode)
	}
	if len(own) == 0 && len(parent) == 0 {
		return
	}
	if isDirInode(d.inode) {
		mask |= InIsdir
	}
	// The parent hears first, as in Linux's fsnotify_parent.
	for _, w := range parent {
		w.Owner.Notify(w, mask, 0, d.name)
	}
	for _, w := range own {
		w.Owner.Notify(w, mask, 0, "")
	}
}

// Watching reports whether any inode is watched (a path worth resolving
// again to raise an event).
func Watching() bool { return notify.count.Load() != 0 }

// NotifyDentry raises mask (IN_MODIFY, IN_ATTRIB...) on d's file and its
// parent directory: for syscalls that change a file by path or fd.
func NotifyDentry(d *Dentry, mask uint32) { notifyDentry(d, mask) }

// notifyChild raises a directory event (IN_CREATE, IN_DELETE, IN_MOVED_*)
// on dir for child name.
func notifyChild(dir *Dentry, child Inode, mask, cookie uint32, name string) {
	if notify.count.Load() == 0 {
		return
	}
	if child != nil && isDirInode(child) {
		mask |= InIsdir
	}
	send(dir.inode, mask, cookie, name)
}

// notifyLinkCount raises IN_ATTRIB on a non-directory whose link count
// just changed (unlink, rename over it).
func notifyLinkCount(ino Inode, dir bool) {
	if notify.count.Load() == 0 || ino == nil || dir {
		return
	}
	send(ino, InAttrib, 0, "")
}

// notifyDeleted raises IN_DELETE_SELF on an inode that lost its last name
// and drops its watches (IN_IGNORED).
func notifyDeleted(ino Inode, dir bool) {
	if notify.count.Load() == 0 || ino == nil {
		return
	}
	if st, err := ino.Stat(); !dir && err == nil && st.Nlink > 0 {
		return
	}
	send(ino, InDeleteSelf, 0, "")
	for _, w := range watchesOf(ino) {
		RemoveWatch(w)
		w.Owner.Notify(w, InIgnored, 0, "")
	}
}

// notifyIO raises IN_ACCESS or IN_MODIFY for n bytes moved through f.
func (f *File) notifyIO(n int, mask uint32) {
	if n > 0 && f.Dentry != nil && notify.count.Load() != 0 {
		notifyDentry(f.Dentry, mask)
	}
}

// notifyClose raises IN_CLOSE_WRITE or IN_CLOSE_NOWRITE as the last
// reference to f goes.
func (f *File) notifyClose() {
	if f.Dentry == nil || notify.count.Load() == 0 || f.isPath() {
		return
	}
	if f.Writable() {
		notifyDentry(f.Dentry, InCloseWrite)
	} else {
		notifyDentry(f.Dentry, InCloseNowrite)
	}
}

// childInode returns the inode name names under d now, or nil.
func (d *Dentry) childInode(name string) Inode {
	if notify.count.Load() == 0 {
		return nil
	}
	c, err := d.child(name)
	if err != nil {
		return nil
	}
	return c.inode
}

// NextCookie returns a fresh cookie tying IN_MOVED_FROM to IN_MOVED_TO.
func nextCookie() uint32 { return notify.cookie.Add(1) }

// notifyRemoved raises the events of an unlink or rmdir of name (inode
// gone) under dir, in Linux's order.
func notifyRemoved(dir *Dentry, gone Inode, name string, isDir bool) {
	if notify.count.Load() == 0 {
		return
	}
	notifyLinkCount(gone, isDir)
	notifyDeleted(gone, isDir)
	notifyChild(dir, gone, InDelete, 0, name)
}

// notifyRenamed raises the events of a rename of src from name under od to
// newName under nd, replacing dst (nil: nothing was there), in Linux's
// order: IN_MOVED_FROM and IN_MOVED_TO with one cookie, dst's link count,
// src's IN_MOVE_SELF, then dst's deletion.
func notifyRenamed(od, nd *Dentry, src, dst Inode, name, newName string) {
	if notify.count.Load() == 0 || src == nil {
		return
	}
	if dst == src {
		dst = nil
	}
	c := nextCookie()
	notifyChild(od, src, InMovedFrom, c, name)
	notifyChild(nd, src, InMovedTo, c, newName)
	dstDir := dst != nil && isDirInode(dst)
	notifyLinkCount(dst, dstDir)
	send(src, InMoveSelf, 0, "") // no IN_ISDIR on a self event
	notifyDeleted(dst, dstDir)
}

// notifyOpen raises IN_OPEN for an open of d, then IN_MODIFY when O_TRUNC
// truncated an existing regular file (Linux's order).
func notifyOpen(d *Dentry, flags int) {
	if notify.count.Load() == 0 {
		return
	}
	notifyDentry(d, InOpen)
	if flags&unix.O_TRUNC != 0 {
		if st, err := d.inode.Stat(); err == nil && st.IsRegular() {
			notifyDentry(d, InModify)
		}
	}
}
