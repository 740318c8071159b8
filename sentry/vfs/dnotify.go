package vfs

import (
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// Directory notification (dnotify, fcntl F_NOTIFY): a process asks to be
// signalled (SIGIO) when something happens in a directory it holds open.
// Watches belong to an (fd table, open file description) pair, as in Linux:
// any close of that description by that table drops them. A watch without
// DN_MULTISHOT goes with its first event.
//
// Events reported: DN_CREATE, DN_DELETE, DN_RENAME (the names under the
// directory, through the VFS), DN_ACCESS and DN_MODIFY (reads and writes of
// files opened through the directory), DN_ATTRIB and DN_MODIFY from the
// syscalls that change a file's attributes or size (NotifyParent, DirEvent).
// Events on the watched directory itself (its own chmod) are not reported.
//
// dnotify.mu is a leaf; the signals are sent after it is released.

// Dnotify event bits (fcntl.h DN_*).
const (
	DNAccess    = 0x1
	DNModify    = 0x2
	DNCreate    = 0x4
	DNDelete    = 0x8
	DNRename    = 0x10
	DNAttrib    = 0x20
	DNMultishot = 0x80000000
)

type dnWatch struct {
	owner *FDTable
	file  *File
	mask  uint32
	send  func()
}

var dnotify = struct {
	mu    sync.Mutex
	count atomic.Int32 // watches in all: zero makes every event free
	dirs  map[*Dentry][]*dnWatch
}{dirs: make(map[*Dentry][]*dnWatch)}

// SetDirNotify implements fcntl(F_NOTIFY) for f in owner's table: a mask
// with no event removes owner's watches through f; otherwise the events are
// added to them, and send (which signals the caller's process) replaces the
// old sender. Errors: ENOTDIR (f is not a directory), EBADF (O_PATH).
func (f *File) SetDirNotify(owner *FDTable, mask uint32, send func()) error {
	if f.isPath() {
		return unix.EBADF
	}
	if mask&^DNMultishot == 0 {
		dropDirNotify(owner, f)
		return nil
	}
	st, err := f.Impl.Stat()
	if err != nil {
		return err
	}
	if !st.IsDir() || f.Dentry == nil {
		return unix.ENOTDIR
	}
	d := f.Dentry
	dnotify.mu.Lock()
	defer dnotify.mu.Unlock()
	for _, w := range dnotify.dirs[d] {
		if w.owner == owner && w.file == f {
			w.mask |= mask
			w.send = send
			return nil
		}
	}
	dnotify.dirs[d] = append(dnotify.dirs[d], &dnWatch{owner: owner, file: f, mask: mask, send: send})
	dnotify.count.Add(1)
	return nil
}

// dropDirNotify removes owner's watches through f (owner closed an fd of it).
func dropDirNotify(owner *FDTable, f *File) {
	if dnotify.count.Load() == 0 || f.Dentry == nil {
		return
	}
	dnotify.mu.Lock()
	defer dnotify.mu.Unlock()
	d := f.Dentry
	ws := dnotify.dirs[d]
	keep := ws[:0]
	for _, w := range ws {
		if w.owner == owner && w.file == f {
			dnotify.count.Add(-1)
			continue
		}
		keep = append(keep, w)
	}
	if len(keep) == 0 {
		delete(dnotify.dirs, d)
	} else {
		dnotify.dirs[d] = keep
	}
}

// DirEvent reports event ev (a DN_* bit) in directory d: every watch on d
// that asked for it is signalled, and one-shot watches go.
func DirEvent(d *Dentry, ev uint32) {
	if d == nil || dnotify.count.Load() == 0 {
		return
	}
	var sends []func()
	dnotify.mu.Lock()
	ws := dnotify.dirs[d]
	keep := ws[:0]
	for _, w := range ws {
		if w.mask&ev != 0 {
			sends = append(sends, w.send)
			if w.mask&DNMultishot == 0 {
				dnotify.count.Add(-1)
				continue
			}
		}
		keep = append(keep, w)
	}
	if len(keep) == 0 {
		delete(dnotify.dirs, d)
	} else {
		dnotify.dirs[d] = keep
	}
	dnotify.mu.Unlock()
	for _, s := range sends {
		s()
	}
}

// NotifyParent reports event ev on f to the directory it was opened
// through (DN_ATTRIB of fchmod, DN_MODIFY of ftruncate, ...).
func (f *File) NotifyParent(ev uint32) {
	if dnotify.count.Load() == 0 || f.Dentry == nil {
		return
	}
	DirEvent(f.Dentry.parent, ev)
}
