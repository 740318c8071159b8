package syscalls

import (
	"golang.org/x/sys/unix"

	"husk/sentry/fs/inotify"
	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

func init() {
	const note = "events for changes made through the sandbox's VFS (not host-side changes to gofer files); IN_DELETE_SELF comes at unlink even while the file is still open (Linux: at its last close); IN_EXCL_UNLINK is accepted and ignored"
	reg("inotify_init", Partial, note, sysInotifyInit)
	reg("inotify_init1", Partial, note, sysInotifyInit1)
	reg("inotify_add_watch", Partial, note, sysInotifyAddWatch)
	reg("inotify_rm_watch", Supported, "", sysInotifyRmWatch)
}

func sysInotifyInit(t *kernel.Task, a Args) (uintptr, error) {
	return installNew(t, inotify.New(), unix.O_RDONLY, false)
}

func sysInotifyInit1(t *kernel.Task, a Args) (uintptr, error) {
	flags := int(a[0])
	if flags&^(unix.IN_NONBLOCK|unix.IN_CLOEXEC) != 0 {
		return 0, unix.EINVAL
	}
	return installNew(t, inotify.New(), unix.O_RDONLY|flags&unix.O_NONBLOCK, flags&unix.IN_CLOEXEC != 0)
}

func inotifyOf(t *kernel.Task, fd uintptr) (*inotify.Inotify, func(), error) {
	f, err := getFile(t, fd)
	if err != nil {
		return nil, nil, err
	}
	n, ok := f.Impl.(*inotify.Inotify)
	if !ok {
		f.DecRef()
		return nil, nil, unix.EINVAL
	}
	return n, f.DecRef, nil
}

func sysInotifyAddWatch(t *kernel.Task, a Args) (uintptr, error) {
	mask := uint32(a[2])
	if err := inotify.CheckMask(mask); err != nil {
		return 0, err
	}
	n, done, err := inotifyOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer done()
	path, err := copyPath(t, a[1])
	if err != nil {
		return 0, err
	}
	start, err := dirStart(t, uintptr(atFDCWD&0xffffffff), path)
	if err != nil {
		return 0, err
	}
	d, err := t.FS.Resolve(start, path, mask&inotify.InDontFollow == 0)
	if err != nil {
		return 0, err
	}
	st, err := d.Inode().Stat()
	if err != nil {
		return 0, err
	}
	if mask&inotify.InOnlydir != 0 && !st.IsDir() {
		return 0, unix.ENOTDIR
	}
	if err := t.CheckAccess(&st, 4); err != nil {
		return 0, err
	}
	wd, err := n.AddWatch(d.Inode(), mask)
	return uintptr(wd), err
}

func sysInotifyRmWatch(t *kernel.Task, a Args) (uintptr, error) {
	n, done, err := inotifyOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer done()
	return 0, n.RmWatch(int32(a[1]))
}

// notifyAt raises mask on the file that (dirfd, path, flags) names, for
// the calls that change a file by path (chmod, utimensat): the path is
// resolved again, so only while something is watched.
func notifyAt(t *kernel.Task, dirfd, pathAddr uintptr, flags int, mask uint32) {
	if !vfs.Watching() {
		return
	}
	path, err := copyPath(t, pathAddr)
	if err != nil {
		return
	}
	if path == "" {
		if int32(dirfd) == atFDCWD {
			vfs.NotifyDentry(t.FS.Cwd, mask)
			return
		}
		if f, err := getFile(t, dirfd); err == nil {
			vfs.NotifyDentry(f.Dentry, mask)
			f.DecRef()
		}
		return
	}
	start, err := dirStart(t, dirfd, path)
	if err != nil {
		return
	}
	if d, err := t.FS.Resolve(start, path, flags&atSymlinkNoFol == 0); err == nil {
		vfs.NotifyDentry(d, mask)
	}
}
