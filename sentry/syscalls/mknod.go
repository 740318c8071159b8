package syscalls

import (
	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

func init() {
	const note = "regular files and FIFOs (on gofer mounts made by the gofer; their pipes are the sandbox's own, never met by host processes); on tmpfs also socket nodes and device nodes with CAP_MKNOD (which open as ENXIO: the sandbox reaches no host device); socket and device nodes on gofer mounts: EPERM"
	reg("mknod", Partial, note, sysMknod)
	reg("mknodat", Partial, note, sysMknodat)
}

const capMknod = 27

func doMknod(t *kernel.Task, dirfd, pathAddr uintptr, mode uint32, dev uint64) (uintptr, error) {
	typ := mode & unix.S_IFMT
	switch typ {
	case 0:
		typ = unix.S_IFREG
	case unix.S_IFREG, unix.S_IFIFO, unix.S_IFSOCK, unix.S_IFCHR, unix.S_IFBLK:
	case unix.S_IFDIR:
		return 0, unix.EPERM
	default:
		return 0, unix.EINVAL
	}
	perm := mode & 0o7777 &^ t.Umask
	return newName(t, dirfd, pathAddr, func(parent *vfs.Dentry, ops vfs.DirOps, name string) (vfs.Inode, error) {
		if (typ == unix.S_IFCHR || typ == unix.S_IFBLK) && !t.Creds.HasCap(capMknod) {
			return nil, unix.EPERM
		}
		uid, gid, _ := t.NewOwner(parent, false)
		if m, ok := ops.(vfs.Mknoder); ok {
			return m.Mknod(name, typ|perm, dev, uid, gid)
		}
		if typ == unix.S_IFREG {
			return ops.Create(name, perm, uid, gid)
		}
		return nil, unix.EPERM
	})
}

func sysMknod(t *kernel.Task, a Args) (uintptr, error) {
	return doMknod(t, cwdFD, a[0], uint32(a[1]), uint64(a[2]))
}

func sysMknodat(t *kernel.Task, a Args) (uintptr, error) {
	return doMknod(t, a[0], a[1], uint32(a[2]), uint64(a[3]))
}
