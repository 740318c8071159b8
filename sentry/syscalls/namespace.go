package syscalls

import (
	"encoding/binary"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

// Name and attribute operations: mkdir, unlink, rmdir, rename, symlink,
// link, truncate, chmod, chown, utimensat, fsync. They work where a
// directory is writable (tmpfs, the overlay root of husk do, the working
// directory and the writable bind mounts the gofer serves); read-only
// mounts (--root-ro, :ro volumes) say EROFS.

func init() {
	reg("mkdir", Partial, "writable mounts (gofer, tmpfs) only", sysMkdir)
	reg("mkdirat", Partial, "writable mounts (gofer, tmpfs) only", sysMkdirat)
	reg("unlink", Partial, "writable mounts (gofer, tmpfs) only; the sticky bit is checked", sysUnlink)
	reg("unlinkat", Partial, "writable mounts (gofer, tmpfs) only; the sticky bit is checked", sysUnlinkat)
	reg("rmdir", Partial, "writable mounts (gofer, tmpfs) only", sysRmdir)
	reg("rename", Partial, "within one writable mount; the overlay root: EXDEV for a directory with a lower part, as overlayfs without redirect_dir", sysRename)
	reg("renameat", Partial, "as rename", sysRenameat)
	reg("renameat2", Partial, "as rename; RENAME_NOREPLACE; RENAME_EXCHANGE on gofer mounts (tmpfs, overlay: EINVAL); WHITEOUT: EINVAL", sysRenameat2)
	reg("symlink", Partial, "writable mounts (gofer, tmpfs) only", sysSymlink)
	reg("symlinkat", Partial, "writable mounts (gofer, tmpfs) only", sysSymlinkat)
	reg("link", Partial, "within one writable mount (gofer, tmpfs, overlay: copies the file up; lower links break at copy-up, as overlayfs without index)", sysLink)
	reg("linkat", Partial, "as link; AT_SYMLINK_FOLLOW, AT_EMPTY_PATH", sysLinkat)
	reg("ftruncate", Partial, "files of writable mounts; others EINVAL", sysFtruncate)
	reg("truncate", Partial, "files of writable mounts; others EROFS", sysTruncate)
	reg("utimensat", Partial, "files of writable mounts; read-only mounts: EROFS", sysUtimensat)
	reg("chmod", Partial, "files of writable mounts; read-only mounts: EROFS", sysChmod)
	reg("fchmodat", Partial, "files of writable mounts; read-only mounts: EROFS", sysFchmodat)
	reg("fchmodat2", Partial, "as fchmodat, with AT_SYMLINK_NOFOLLOW (a symlink: EOPNOTSUPP) and AT_EMPTY_PATH", sysFchmodat2)
	reg("fchmod", Partial, "files of writable mounts; read-only mounts: EROFS", sysFchmod)
	reg("chown", Partial, "files of writable mounts; read-only mounts: EROFS", sysChown)
	reg("lchown", Partial, "files of writable mounts; read-only mounts: EROFS", sysLchown)
	reg("fchown", Partial, "files of writable mounts; read-only mounts: EROFS", sysFchown)
	reg("fchownat", Partial, "files of writable mounts; read-only mounts: EROFS", sysFchownat)
}

// CapChown and CapFowner are the capabilities chown and the owner checks use.
const (
	capChown  = 0
	capFowner = 3
)

func doChown(t *kernel.Task, ino vfs.Inode, st *vfs.Stat, uid, gid uint32) (uintptr, error) {
	none := ^uint32(0)
	if !t.Creds.HasCap(capChown) {
		// chown(2): the owner may change the group to one of its groups;
		// nobody else may change anything.
		if uid != none && uid != st.UID {
			return 0, unix.EPERM
		}
		if gid != none && gid != st.GID {
			if st.UID != t.Creds.EUID || !inGroup(t, gid) {
				return 0, unix.EPERM
			}
		}
		if (uid != none || gid != none) && st.UID != t.Creds.EUID {
			return 0, unix.EPERM
		}
	}
	os, ok := ino.(vfs.OwnerSetter)
	if !ok {
		return 0, unix.EROFS
	}
	return 0, os.SetOwner(uid, gid)
}

func inGroup(t *kernel.Task, gid uint32) bool {
	if gid == t.Creds.EGID {
		return true
	}
	for _, g := range t.Creds.Groups {
		if g == gid {
			return true
		}
	}
	return false
}

func chownAt(t *kernel.Task, dirfd, pathAddr uintptr, uid, gid uint32, flags int) (uintptr, error) {
	if flags&^(atSymlinkNoFol|atEmptyPath) != 0 {
		return 0, unix.EINVAL
	}
	d, ino, st, err := dentryAt(t, dirfd, pathAddr, flags)
	if err != nil {
		return 0, err
	}
	if _, err := doChown(t, ino, &st, uid, gid); err != nil {
		return 0, err
	}
	notifyParentOf(d, vfs.DNAttrib)
	return 0, nil
}

func sysChown(t *kernel.Task, a Args) (uintptr, error) {
	return chownAt(t, cwdFD, a[0], uint32(a[1]), uint32(a[2]), 0)
}
func sysLchown(t *kernel.Task, a Args) (uintptr, error) {
	return chownAt(t, cwdFD, a[0], uint32(a[1]), uint32(a[2]), atSymlinkNoFol)
}
func sysFchownat(t *kernel.Task, a Args) (uintptr, error) {
	return chownAt(t, a[0], a[1], uint32(a[2]), uint32(a[3]), int(a[4]))
}
func sysFchown(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if f.Dentry == nil {
		return 0, unix.EROFS
	}
	st, err := f.Impl.Stat()
	if err != nil {
		return 0, err
	}
	if _, err := doChown(t, f.Dentry.Inode(), &st, uint32(a[1]), uint32(a[2])); err != nil {
		return 0, err
	}
	f.NotifyParent(vfs.DNAttrib)
	return 0, nil
}

func doLink(t *kernel.Task, olddir, oldAddr, newdir, newAddr uintptr, flags int) (uintptr, error) {
	if flags&^(atSymlinkFollow|atEmptyPath) != 0 {
		return 0, unix.EINVAL
	}
	var old *vfs.Dentry
	path, err := copyPath(t, oldAddr)
	if err != nil {
		return 0, err
	}
	switch {
	case path == "" && flags&atEmptyPath != 0:
		if !t.Creds.HasCap(kernel.CapDACReadSearch) {
			return 0, unix.ENOENT
		}
		f, err := getFile(t, olddir)
		if err != nil {
			return 0, err
		}
		old = f.Dentry
		f.DecRef()
		if old == nil {
			return 0, unix.ENOENT
		}
	case path == "":
		return 0, unix.ENOENT
	default:
		start, err := dirStart(t, olddir, path)
		if err != nil {
			return 0, err
		}
		if old, err = t.Walker().Resolve(start, path, flags&atSymlinkFollow != 0); err != nil {
			return 0, err
		}
	}
	np, nname, _, err := parentOf(t, newdir, newAddr)
	if err != nil {
		return 0, err
	}
	if nname == "" {
		return 0, unix.EEXIST
	}
	if _, err := t.FS.Resolve(np, nname, false); err == nil {
		return 0, unix.EEXIST
	}
	if err := t.MayModify(np); err != nil {
		return 0, err
	}
	st, err := old.Inode().Stat()
	if err != nil {
		return 0, err
	}
	if st.IsDir() {
		return 0, unix.EPERM
	}
	return 0, np.LinkChild(old, nname)
}

const atSymlinkFollow = 0x400

func sysLink(t *kernel.Task, a Args) (uintptr, error) {
	return doLink(t, cwdFD, a[0], cwdFD, a[1], 0)
}
func sysLinkat(t *kernel.Task, a Args) (uintptr, error) {
	return doLink(t, a[0], a[1], a[2], a[3], int(a[4]))
}

func attrSetter(t *kernel.Task, ino vfs.Inode, st *vfs.Stat) (vfs.AttrSetter, error) {
	if st.UID != t.Creds.EUID && !t.Creds.HasCap(capFowner) {
		return nil, unix.EPERM
	}
	as, ok := ino.(vfs.AttrSetter)
	if !ok {
		return nil, unix.EROFS
	}
	return as, nil
}

func doChmod(t *kernel.Task, dirfd, pathAddr uintptr, mode uint32, flags int) (uintptr, error) {
	d, ino, st, err := dentryAt(t, dirfd, pathAddr, flags)
	if err != nil {
		return 0, err
	}
	as, err := attrSetter(t, ino, &st)
	if err != nil {
		return 0, err
	}
	if err := as.SetMode(mode); err != nil {
		return 0, err
	}
	notifyParentOf(d, vfs.DNAttrib)
	notifyAt(t, dirfd, pathAddr, flags, vfs.InAttrib)
	return 0, nil
}

func sysChmod(t *kernel.Task, a Args) (uintptr, error) {
	return doChmod(t, cwdFD, a[0], uint32(a[1]), 0)
}
func sysFchmodat(t *kernel.Task, a Args) (uintptr, error) {
	return doChmod(t, a[0], a[1], uint32(a[2]), 0)
}
func sysFchmodat2(t *kernel.Task, a Args) (uintptr, error) {
	flags := int(a[3])
	if flags&^(atSymlinkNoFol|atEmptyPath) != 0 {
		return 0, unix.EINVAL
	}
	if flags&atSymlinkNoFol != 0 {
		// Linux changes no symlink's mode: name one and it is EOPNOTSUPP.
		_, _, st, err := dentryAt(t, a[0], a[1], flags)
		if err != nil {
			return 0, err
		}
		if st.IsSymlink() {
			return 0, unix.EOPNOTSUPP
		}
	}
	return doChmod(t, a[0], a[1], uint32(a[2]), flags)
}

func sysFchmod(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	st, err := f.Impl.Stat()
	if err != nil {
		return 0, err
	}
	as, err := attrSetter(t, fileAttrTarget(f), &st)
	if err != nil {
		return 0, err
	}
	if err := as.SetMode(uint32(a[1])); err != nil {
		return 0, err
	}
	f.NotifyParent(vfs.DNAttrib)
	vfs.NotifyDentry(f.Dentry, vfs.InAttrib)
	return 0, nil
}

// utimensat's special nanosecond values.
const (
	utimeNow  = (1 << 30) - 1
	utimeOmit = (1 << 30) - 2
)

func sysUtimensat(t *kernel.Task, a Args) (uintptr, error) {
	flags := int(a[3])
	if flags&^(atSymlinkNoFol|atEmptyPath) != 0 {
		return 0, unix.EINVAL
	}
	var times [2]*unix.Timespec
	explicit := false // a time other than "now": only the owner (or CAP_FOWNER) may
	nowTS := unix.NsecToTimespec(time.Now().UnixNano())
	if a[2] == 0 {
		times = [2]*unix.Timespec{&nowTS, &nowTS}
	} else {
		b := make([]byte, 32)
		if _, err := t.MM.CopyIn(a[2], b); err != nil {
			return 0, unix.EFAULT
		}
		for i := range times {
			ts := unix.Timespec{Sec: int64(binary.LittleEndian.Uint64(b[16*i:])), Nsec: int64(binary.LittleEndian.Uint64(b[16*i+8:]))}
			switch {
			case ts.Nsec == utimeOmit:
			case ts.Nsec == utimeNow:
				times[i] = &nowTS
			case ts.Nsec < 0 || ts.Nsec >= 1e9:
				return 0, unix.EINVAL
			default:
				times[i] = &ts
				explicit = true
			}
		}
	}
	var ino vfs.Inode
	var st vfs.Stat
	var err error
	var byFD *vfs.File
	var byPath *vfs.Dentry
	if a[1] == 0 { // futimens: the fd itself
		f, ferr := getFile(t, a[0])
		if ferr != nil {
			return 0, ferr
		}
		defer f.DecRef()
		byFD = f
		ino = fileAttrTarget(f)
		if ino == nil {
			return 0, unix.EROFS
		}
		st, err = f.Impl.Stat()
	} else {
		byPath, ino, st, err = dentryAt(t, a[0], a[1], flags)
	}
	if err != nil {
		return 0, err
	}
	as, ok := ino.(vfs.AttrSetter)
	if !ok || ino == nil {
		return 0, unix.EROFS
	}
	if st.UID != t.Creds.EUID && !t.Creds.HasCap(capFowner) {
		// Setting the times to now needs only write permission.
		if explicit {
			return 0, unix.EPERM
		}
		if err := t.CheckAccess(&st, 2); err != nil {
			return 0, err
		}
	}
	if err := as.SetTimes(times[0], times[1]); err != nil {
		return 0, err
	}
	if byFD != nil {
		byFD.NotifyParent(vfs.DNAttrib)
		if byFD.Dentry != nil {
			vfs.NotifyDentry(byFD.Dentry, vfs.InAttrib)
		}
	} else {
		notifyParentOf(byPath, vfs.DNAttrib)
		notifyAt(t, a[0], a[1], flags, vfs.InAttrib)
	}
	return 0, nil
}

var cwdFD = uintptr(atFDCWD & 0xffffffff)

// parentOf resolves all but the last component of the path at pathAddr.
func parentOf(t *kernel.Task, dirfd, pathAddr uintptr) (*vfs.Dentry, string, string, error) {
	path, err := copyPath(t, pathAddr)
	if err != nil {
		return nil, "", "", err
	}
	if path == "" {
		return nil, "", "", unix.ENOENT
	}
	start, err := dirStart(t, dirfd, path)
	if err != nil {
		return nil, "", "", err
	}
	parent, name, err := t.Walker().ResolveParent(start, path)
	return parent, name, path, err
}

// newName makes a new name at (dirfd, path) with mk: EEXIST if it is
// taken, the parent's write permission checked.
func newName(t *kernel.Task, dirfd, pathAddr uintptr, mk func(parent *vfs.Dentry, ops vfs.DirOps, name string) (vfs.Inode, error)) (uintptr, error) {
	parent, name, _, err := parentOf(t, dirfd, pathAddr)
	if err != nil {
		return 0, err
	}
	if name == "" {
		return 0, unix.EEXIST
	}
	if _, err := t.Walker().Resolve(parent, name, false); err == nil {
		return 0, unix.EEXIST
	}
	if err := t.MayModify(parent); err != nil {
		return 0, err
	}
	_, err = parent.CreateChild(name, func(ops vfs.DirOps) (vfs.Inode, error) { return mk(parent, ops, name) })
	return 0, err
}

func doMkdir(t *kernel.Task, dirfd, pathAddr uintptr, mode uint32) (uintptr, error) {
	return newName(t, dirfd, pathAddr, func(parent *vfs.Dentry, ops vfs.DirOps, name string) (vfs.Inode, error) {
		uid, gid, extra := t.NewOwner(parent, true)
		return ops.Mkdir(name, mode&0o7777&^t.Umask|extra, uid, gid)
	})
}

func sysMkdir(t *kernel.Task, a Args) (uintptr, error) { return doMkdir(t, cwdFD, a[0], uint32(a[1])) }
func sysMkdirat(t *kernel.Task, a Args) (uintptr, error) {
	return doMkdir(t, a[0], a[1], uint32(a[2]))
}

func doRemove(t *kernel.Task, dirfd, pathAddr uintptr, dir bool) (uintptr, error) {
	parent, name, path, err := parentOf(t, dirfd, pathAddr)
	if err != nil {
		return 0, err
	}
	trimmed := strings.TrimRight(path, "/")
	switch {
	case dir && (trimmed == "." || strings.HasSuffix(trimmed, "/.")):
		return 0, unix.EINVAL
	case dir && (trimmed == ".." || strings.HasSuffix(trimmed, "/..")):
		return 0, unix.ENOTEMPTY
	case name == "" && !dir:
		return 0, unix.EISDIR
	case name == "":
		return 0, unix.EBUSY
	}
	if !dir && strings.HasSuffix(path, "/") {
		if d, err := t.Walker().Resolve(parent, name, false); err == nil {
			if st, _ := d.Inode().Stat(); !st.IsDir() {
				return 0, unix.ENOTDIR
			}
			return 0, unix.EISDIR
		}
	}
	victim, err := t.Walker().Resolve(parent, name, false)
	if err != nil {
		return 0, err
	}
	if err := t.MayDelete(parent, victim); err != nil {
		return 0, err
	}
	return 0, parent.RemoveChild(name, dir)
}

func sysUnlink(t *kernel.Task, a Args) (uintptr, error) { return doRemove(t, cwdFD, a[0], false) }
func sysRmdir(t *kernel.Task, a Args) (uintptr, error)  { return doRemove(t, cwdFD, a[0], true) }
func sysUnlinkat(t *kernel.Task, a Args) (uintptr, error) {
	const atRemovedir = 0x200
	if a[2]&^atRemovedir != 0 {
		return 0, unix.EINVAL
	}
	return doRemove(t, a[0], a[1], a[2]&atRemovedir != 0)
}

func doRename(t *kernel.Task, olddir, oldAddr, newdir, newAddr, flags uintptr) (uintptr, error) {
	const noReplace, exchange = unix.RENAME_NOREPLACE, unix.RENAME_EXCHANGE
	if flags&^(noReplace|exchange) != 0 || flags == noReplace|exchange {
		return 0, unix.EINVAL
	}
	op, oname, _, err := parentOf(t, olddir, oldAddr)
	if err != nil {
		return 0, err
	}
	np, nname, _, err := parentOf(t, newdir, newAddr)
	if err != nil {
		return 0, err
	}
	if oname == "" || nname == "" {
		return 0, unix.EBUSY
	}
	src, err := t.Walker().Resolve(op, oname, false)
	if err != nil {
		return 0, err
	}
	if flags&noReplace != 0 {
		if _, err := t.Walker().Resolve(np, nname, false); err == nil {
			return 0, unix.EEXIST
		}
	}
	if flags&exchange != 0 {
		if _, err := t.FS.Resolve(np, nname, false); err != nil {
			return 0, err
		}
	}
	if err := t.MayDelete(op, src); err != nil {
		return 0, err
	}
	if err := t.MayModify(np); err != nil {
		return 0, err
	}
	if dst, err := t.FS.Resolve(np, nname, false); err == nil && dst != src {
		if err := t.MayDelete(np, dst); err != nil {
			return 0, err
		}
	}
	return 0, op.RenameChildFlags(oname, np, nname, uint32(flags))
}

func sysRename(t *kernel.Task, a Args) (uintptr, error) {
	return doRename(t, cwdFD, a[0], cwdFD, a[1], 0)
}
func sysRenameat(t *kernel.Task, a Args) (uintptr, error) {
	return doRename(t, a[0], a[1], a[2], a[3], 0)
}
func sysRenameat2(t *kernel.Task, a Args) (uintptr, error) {
	return doRename(t, a[0], a[1], a[2], a[3], a[4])
}

func doSymlink(t *kernel.Task, targetAddr, dirfd, pathAddr uintptr) (uintptr, error) {
	target, err := copyPath(t, targetAddr)
	if err != nil {
		return 0, err
	}
	if target == "" {
		return 0, unix.ENOENT
	}
	return newName(t, dirfd, pathAddr, func(parent *vfs.Dentry, ops vfs.DirOps, name string) (vfs.Inode, error) {
		uid, gid, _ := t.NewOwner(parent, false)
		return ops.Symlink(name, target, uid, gid)
	})
}

func sysSymlink(t *kernel.Task, a Args) (uintptr, error) { return doSymlink(t, a[0], cwdFD, a[1]) }
func sysSymlinkat(t *kernel.Task, a Args) (uintptr, error) {
	return doSymlink(t, a[0], a[1], a[2])
}

func sysFtruncate(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if int64(a[1]) < 0 {
		return 0, unix.EINVAL
	}
	if !f.Writable() {
		return 0, unix.EINVAL
	}
	tr, ok := f.Impl.(vfs.Truncater)
	if !ok {
		return 0, unix.EINVAL
	}
	if err := truncateLimit(t, int64(a[1])); err != nil {
		return 0, err
	}
	if err := tr.Truncate(int64(a[1])); err != nil {
		return 0, err
	}
	f.NotifyParent(vfs.DNModify)
	vfs.NotifyDentry(f.Dentry, vfs.InModify)
	return 0, nil
}

func sysTruncate(t *kernel.Task, a Args) (uintptr, error) {
	path, err := copyPath(t, a[0])
	if err != nil {
		return 0, err
	}
	if int64(a[1]) < 0 {
		return 0, unix.EINVAL
	}
	d, err := t.Walker().Resolve(t.FS.Cwd, path, true)
	if err != nil {
		return 0, err
	}
	st, err := d.Inode().Stat()
	if err != nil {
		return 0, err
	}
	if st.IsDir() {
		return 0, unix.EISDIR
	}
	if err := t.CheckAccess(&st, 2); err != nil {
		return 0, err
	}
	tr, ok := d.Inode().(vfs.Truncater)
	if !ok {
		return 0, unix.EROFS
	}
	if err := truncateLimit(t, int64(a[1])); err != nil {
		return 0, err
	}
	if err := tr.Truncate(int64(a[1])); err != nil {
		return 0, err
	}
	notifyParentOf(d, vfs.DNModify)
	vfs.NotifyDentry(d, vfs.InModify)
	return 0, nil
}
