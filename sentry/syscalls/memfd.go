package syscalls

import (
	"golang.org/x/sys/unix"

	"husk/sentry/fs/memfd"
	"husk/sentry/kernel"
	"husk/sentry/mm"
	"husk/sentry/vfs"
)

func init() {
	reg("memfd_create", Partial, "MFD_HUGETLB is EINVAL (no huge pages); MAP_SHARED maps the file's own pages (SIGBUS past the end); pages already mapped when a shrink cuts them read zero instead of SIGBUS; fexecve works (execveat AT_EMPTY_PATH)", sysMemfdCreate)
}

const (
	mfdCloexec      = 0x1
	mfdAllowSealing = 0x2
	mfdHugetlb      = 0x4
	mfdNoexecSeal   = 0x8
	mfdExec         = 0x10
	mfdNameMax      = 255 - len("memfd:")
	fAddSeals       = 1033
	fGetSeals       = 1034
)

func sysMemfdCreate(t *kernel.Task, a Args) (uintptr, error) {
	flags := a[1]
	if flags&mfdHugetlb != 0 {
		t.Debugf("memfd_create: MFD_HUGETLB is not supported")
		return 0, unix.EINVAL
	}
	if flags&^(mfdCloexec|mfdAllowSealing|mfdNoexecSeal|mfdExec) != 0 || flags&(mfdNoexecSeal|mfdExec) == mfdNoexecSeal|mfdExec {
		return 0, unix.EINVAL
	}
	name, err := t.MM.CopyInString(a[0], mfdNameMax)
	if err == unix.ENAMETOOLONG {
		return 0, unix.EINVAL
	}
	if err != nil {
		return 0, err
	}
	mode, seals, sealing := uint32(0o777), uint32(0), flags&mfdAllowSealing != 0
	if flags&mfdNoexecSeal != 0 {
		mode, seals, sealing = 0o666, memfd.SealExec, true
	}
	m := memfd.New(t.MM.MemoryFile(), name, sealing, seals, mode, t.Creds.EUID, t.Creds.EGID)
	return installNew(t, m, unix.O_RDWR|unix.O_LARGEFILE, flags&mfdCloexec != 0)
}

// sealedMap applies a memfd's write seals to a new mapping: a writable
// shared mapping is EPERM, and a read-only one can never be made writable.
func sealedMap(impl vfs.FileImpl, o *mm.MapOpts) error {
	m, ok := impl.(*memfd.Memfd)
	if !ok || !o.Shared || !m.WriteSealed() {
		return nil
	}
	if o.Perms.Write {
		return unix.EPERM
	}
	o.MaxPerms.Write = false
	return nil
}

// fcntlSeals is F_ADD_SEALS and F_GET_SEALS. Errors: EINVAL (not a memfd).
func fcntlSeals(f *vfs.File, cmd int, arg uintptr) (uintptr, error) {
	m, ok := f.Impl.(*memfd.Memfd)
	if !ok {
		return 0, unix.EINVAL
	}
	if cmd == fGetSeals {
		return uintptr(m.Seals()), nil
	}
	return 0, m.AddSeals(uint32(arg), f.Writable())
}

// attrFile is an anonymous file whose own implementation takes fchmod and
// futimens (a memfd).
type attrFile interface {
	vfs.FileImpl
	vfs.AttrSetter
}

// fileAttrTarget returns what fchmod and futimens change for f: its
// dentry's inode, or an anonymous file's own implementation when it keeps
// attributes (a memfd); nil: none (EROFS).
func fileAttrTarget(f *vfs.File) vfs.Inode {
	if f.Dentry != nil {
		return f.Dentry.Inode()
	}
	if a, ok := f.Impl.(attrFile); ok {
		return attrInode{a}
	}
	return nil
}

// attrInode presents an anonymous file as an inode for attrSetter.
type attrInode struct{ attrFile }

func (a attrInode) Lookup(string) (vfs.Inode, error) { return nil, unix.ENOTDIR }
func (a attrInode) Readlink() (string, error)        { return "", unix.EINVAL }
func (a attrInode) Open(int) (vfs.FileImpl, error)   { return nil, unix.ENXIO }
