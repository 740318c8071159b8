package syscalls

import (
	"strings"

	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

func init() {
	const note = "tmpfs: user.*, trusted.* (CAP_SYS_ADMIN), security.*; other filesystems (the gofer's, procfs): EOPNOTSUPP (EROFS to change one on a read-only mount)"
	reg("setxattr", Partial, note, sysSetxattr)
	reg("lsetxattr", Partial, note, sysLsetxattr)
	reg("fsetxattr", Partial, note, sysFsetxattr)
	reg("getxattr", Partial, note, sysGetxattr)
	reg("lgetxattr", Partial, note, sysLgetxattr)
	reg("fgetxattr", Partial, note, sysFgetxattr)
	reg("listxattr", Partial, note, sysListxattr)
	reg("llistxattr", Partial, note, sysLlistxattr)
	reg("flistxattr", Partial, note, sysFlistxattr)
	reg("removexattr", Partial, note, sysRemovexattr)
	reg("lremovexattr", Partial, note, sysLremovexattr)
	reg("fremovexattr", Partial, note, sysFremovexattr)
}

const capSysAdmin = 21

// xattrTarget is the inode an xattr call names, with its stat.
type xattrTarget struct {
	d   *vfs.Dentry // nil for a file with no name
	ino vfs.Inode
	st  vfs.Stat
}

// xattrPath resolves a path argument (follow: setxattr, not lsetxattr).
func xattrPath(t *kernel.Task, pathAddr uintptr, follow bool) (xattrTarget, error) {
	flags := 0
	if !follow {
		flags = atSymlinkNoFol
	}
	d, ino, st, err := dentryAt(t, uintptr(atFDCWD&0xffffffff), pathAddr, flags)
	return xattrTarget{d, ino, st}, err
}

// xattrFD is xattrPath for an fd (not O_PATH: EBADF).
func xattrFD(t *kernel.Task, fd uintptr) (xattrTarget, error) {
	f, err := getFile(t, fd)
	if err != nil {
		return xattrTarget{}, err
	}
	defer f.DecRef()
	if f.Flags()&unix.O_PATH != 0 {
		return xattrTarget{}, unix.EBADF
	}
	st, err := f.Impl.Stat()
	if err != nil {
		return xattrTarget{}, err
	}
	ino := vfs.Inode(nil)
	if f.Dentry != nil {
		ino = f.Dentry.Inode()
	}
	return xattrTarget{f.Dentry, ino, st}, nil
}

// xattrName reads and checks a name: ERANGE when empty or too long.
func xattrName(t *kernel.Task, addr uintptr) (string, error) {
	name, err := t.MM.CopyInString(addr, vfs.XattrNameMax+1)
	if err == unix.ENAMETOOLONG || err == nil && (name == "" || len(name) > vfs.XattrNameMax) {
		return "", unix.ERANGE
	}
	return name, err
}

// xattrPermission checks access to name on x as Linux's xattr_permission
// does, then that the namespace is one tmpfs keeps (EOPNOTSUPP).
func xattrPermission(t *kernel.Task, x xattrTarget, name string, write bool) error {
	denied := unix.ENODATA
	if write {
		denied = unix.EPERM
	}
	switch {
	case strings.HasPrefix(name, "trusted."):
		if !t.Creds.HasCap(capSysAdmin) {
			return denied
		}
	case strings.HasPrefix(name, "user."):
		if !x.st.IsRegular() && !x.st.IsDir() {
			return denied
		}
		if write && x.st.IsDir() && x.st.Mode&unix.S_ISVTX != 0 && x.st.UID != t.Creds.EUID && !t.Creds.HasCap(capFowner) {
			return unix.EPERM
		}
	}
	want := uint32(4)
	if write {
		want = 2
	}
	if err := t.CheckAccess(&x.st, want); err != nil {
		return err
	}
	for _, p := range []string{"user.", "trusted.", "security."} {
		if strings.HasPrefix(name, p) {
			if name == p {
				return unix.EINVAL
			}
			return nil
		}
	}
	return unix.EOPNOTSUPP
}

// xattrOps returns x's XattrOps: EOPNOTSUPP without (EROFS to change one on
// a read-only mount).
func xattrOps(x xattrTarget, write bool) (vfs.XattrOps, error) {
	if ops, ok := x.ino.(vfs.XattrOps); ok {
		return ops, nil
	}
	if write && x.d != nil {
		if fs, err := x.d.StatFS(); err == nil && fs.Flags&unix.ST_RDONLY != 0 {
			return nil, unix.EROFS
		}
	}
	return nil, unix.EOPNOTSUPP
}

// noXattrs reports whether x is on one of the sentry's own filesystems
// that keep no xattrs (procfs, sysfs, devpts), whose list Linux gives as
// empty; the gofer's files (whose host xattrs husk does not serve) and
// anonymous files say EOPNOTSUPP.
func noXattrs(x xattrTarget) bool {
	if x.d == nil {
		return false
	}
	fs, err := x.d.StatFS()
	if err != nil {
		return false
	}
	switch fs.Type {
	case vfs.ProcMagic, vfs.SysfsMagic, vfs.DevptsMagic:
		return true
	}
	return false
}

func setxattr(t *kernel.Task, resolve func() (xattrTarget, error), a Args) (uintptr, error) {
	flags := int(a[4])
	if flags&^(vfs.XattrCreate|vfs.XattrReplace) != 0 {
		return 0, unix.EINVAL
	}
	name, err := xattrName(t, a[1])
	if err != nil {
		return 0, err
	}
	size := a[3]
	if size > vfs.XattrSizeMax {
		return 0, unix.E2BIG
	}
	value := make([]byte, size)
	if size > 0 {
		if _, err := t.MM.CopyIn(a[2], value); err != nil {
			return 0, unix.EFAULT
		}
	}
	x, err := resolve()
	if err != nil {
		return 0, err
	}
	ops, opsErr := xattrOps(x, true)
	if opsErr == unix.EROFS {
		return 0, opsErr
	}
	if err := xattrPermission(t, x, name, true); err != nil {
		return 0, err
	}
	if opsErr != nil {
		return 0, opsErr
	}
	return 0, ops.SetXattr(name, value, flags)
}

func getxattr(t *kernel.Task, resolve func() (xattrTarget, error), a Args) (uintptr, error) {
	name, err := xattrName(t, a[1])
	if err != nil {
		return 0, err
	}
	x, err := resolve()
	if err != nil {
		return 0, err
	}
	if err := xattrPermission(t, x, name, false); err != nil {
		return 0, err
	}
	ops, err := xattrOps(x, false)
	if err != nil {
		return 0, err
	}
	v, err := ops.GetXattr(name)
	if err != nil {
		return 0, err
	}
	size := min(a[3], vfs.XattrSizeMax)
	if size == 0 {
		return uintptr(len(v)), nil
	}
	if uintptr(len(v)) > size {
		return 0, unix.ERANGE
	}
	if _, err := t.MM.CopyOut(a[2], v); err != nil {
		return 0, unix.EFAULT
	}
	return uintptr(len(v)), nil
}

func listxattr(t *kernel.Task, resolve func() (xattrTarget, error), a Args) (uintptr, error) {
	x, err := resolve()
	if err != nil {
		return 0, err
	}
	ops, err := xattrOps(x, false)
	if err != nil {
		if noXattrs(x) {
			return 0, nil
		}
		return 0, err
	}
	var b []byte
	for _, n := range ops.ListXattr() {
		if strings.HasPrefix(n, "trusted.") && !t.Creds.HasCap(capSysAdmin) {
			continue
		}
		b = append(append(b, n...), 0)
	}
	size := min(a[2], vfs.XattrListMax)
	if size == 0 {
		return uintptr(len(b)), nil
	}
	if uintptr(len(b)) > size {
		return 0, unix.ERANGE
	}
	if _, err := t.MM.CopyOut(a[1], b); err != nil {
		return 0, unix.EFAULT
	}
	return uintptr(len(b)), nil
}

func removexattr(t *kernel.Task, resolve func() (xattrTarget, error), a Args) (uintptr, error) {
	name, err := xattrName(t, a[1])
	if err != nil {
		return 0, err
	}
	x, err := resolve()
	if err != nil {
		return 0, err
	}
	ops, opsErr := xattrOps(x, true)
	if opsErr == unix.EROFS {
		return 0, opsErr
	}
	if err := xattrPermission(t, x, name, true); err != nil {
		return 0, err
	}
	if opsErr != nil {
		return 0, opsErr
	}
	return 0, ops.RemoveXattr(name)
}

func byPath(t *kernel.Task, a Args, follow bool) func() (xattrTarget, error) {
	return func() (xattrTarget, error) { return xattrPath(t, a[0], follow) }
}

func byFD(t *kernel.Task, a Args) func() (xattrTarget, error) {
	return func() (xattrTarget, error) { return xattrFD(t, a[0]) }
}

func sysSetxattr(t *kernel.Task, a Args) (uintptr, error) { return setxattr(t, byPath(t, a, true), a) }
func sysLsetxattr(t *kernel.Task, a Args) (uintptr, error) {
	return setxattr(t, byPath(t, a, false), a)
}
func sysFsetxattr(t *kernel.Task, a Args) (uintptr, error) { return setxattr(t, byFD(t, a), a) }
func sysGetxattr(t *kernel.Task, a Args) (uintptr, error)  { return getxattr(t, byPath(t, a, true), a) }
func sysLgetxattr(t *kernel.Task, a Args) (uintptr, error) {
	return getxattr(t, byPath(t, a, false), a)
}
func sysFgetxattr(t *kernel.Task, a Args) (uintptr, error) { return getxattr(t, byFD(t, a), a) }
func sysListxattr(t *kernel.Task, a Args) (uintptr, error) {
	return listxattr(t, byPath(t, a, true), a)
}
func sysLlistxattr(t *kernel.Task, a Args) (uintptr, error) {
	return listxattr(t, byPath(t, a, false), a)
}
func sysFlistxattr(t *kernel.Task, a Args) (uintptr, error) { return listxattr(t, byFD(t, a), a) }
func sysRemovexattr(t *kernel.Task, a Args) (uintptr, error) {
	return removexattr(t, byPath(t, a, true), a)
}
func sysLremovexattr(t *kernel.Task, a Args) (uintptr, error) {
	return removexattr(t, byPath(t, a, false), a)
}
func sysFremovexattr(t *kernel.Task, a Args) (uintptr, error) { return removexattr(t, byFD(t, a), a) }
