package syscalls

import (
	"encoding/binary"

	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
)

func init() {
	reg("openat2", Supported, "every RESOLVE_* flag; RESOLVE_CACHED walks the sentry's dentry cache only (EAGAIN on a miss, always under /proc)", sysOpenat2)
}

// openat2's struct open_how and its flags.
const (
	openHowSize0      = 24 // OPEN_HOW_SIZE_VER0
	resolveNoXdev     = 0x01
	resolveNoMagic    = 0x02
	resolveNoSymlinks = 0x04
	resolveBeneath    = 0x08
	resolveInRoot     = 0x10
	resolveCached     = 0x20
	oTmpfile          = 0x400000 // __O_TMPFILE, without O_DIRECTORY
	validOpenFlags    = unix.O_ACCMODE | unix.O_CREAT | unix.O_EXCL | unix.O_NOCTTY | unix.O_TRUNC | unix.O_APPEND |
		unix.O_NONBLOCK | unix.O_SYNC | unix.O_DSYNC | unix.O_ASYNC | unix.O_DIRECT | unix.O_LARGEFILE |
		unix.O_DIRECTORY | unix.O_NOFOLLOW | unix.O_NOATIME | unix.O_CLOEXEC | unix.O_PATH | oTmpfile
	oPathFlags = unix.O_DIRECTORY | unix.O_NOFOLLOW | unix.O_PATH | unix.O_CLOEXEC
)

// openHow decodes and checks a struct open_how of size bytes at addr as
// Linux's copy_struct_from_user and build_open_flags do. Errors: EINVAL
// (too small, an unknown flag or resolve bit, a mode without O_CREAT or
// O_TMPFILE, BENEATH with IN_ROOT, O_PATH with other flags), E2BIG (larger
// than a page, or nonzero bytes past the fields known), EFAULT, EAGAIN
// (RESOLVE_CACHED with a create or truncate).
func openHow(t *kernel.Task, addr, size uintptr) (flags, mode, resolve uint64, err error) {
	if size < openHowSize0 {
		return 0, 0, 0, unix.EINVAL
	}
	if size > 4096 {
		return 0, 0, 0, unix.E2BIG
	}
	b := make([]byte, size)
	if _, err := t.MM.CopyIn(addr, b); err != nil {
		return 0, 0, 0, unix.EFAULT
	}
	for _, c := range b[openHowSize0:] {
		if c != 0 {
			return 0, 0, 0, unix.E2BIG
		}
	}
	le := binary.LittleEndian
	flags, mode, resolve = le.Uint64(b[0:]), le.Uint64(b[8:]), le.Uint64(b[16:])
	switch {
	case flags&^validOpenFlags != 0,
		resolve&^0x3f != 0,
		mode&^0o7777 != 0,
		mode != 0 && flags&(unix.O_CREAT|oTmpfile) == 0,
		resolve&resolveBeneath != 0 && resolve&resolveInRoot != 0,
		flags&unix.O_PATH != 0 && flags&^oPathFlags != 0,
		flags&unix.O_DIRECTORY != 0 && flags&unix.O_CREAT != 0:
		return 0, 0, 0, unix.EINVAL
	case resolve&resolveCached != 0 && flags&(unix.O_TRUNC|unix.O_CREAT|oTmpfile) != 0:
		return 0, 0, 0, unix.EAGAIN
	}
	return flags, mode, resolve, nil
}

func sysOpenat2(t *kernel.Task, a Args) (uintptr, error) {
	flags, mode, resolve, err := openHow(t, a[2], a[3])
	if err != nil {
		return 0, err
	}
	path, err := copyPath(t, a[1])
	if err != nil {
		return 0, err
	}
	if path == "" {
		return 0, unix.ENOENT
	}
	// The start is the dirfd's even for an absolute path when the walk is
	// scoped to it.
	scoped := resolve&(resolveBeneath|resolveInRoot) != 0
	dirPath := path
	if scoped {
		dirPath = ""
	}
	start, err := dirStart(t, a[0], dirPath)
	if err != nil {
		return 0, err
	}
	w := t.Walker()
	w.NoXdev = resolve&resolveNoXdev != 0
	w.NoMagicLinks = resolve&resolveNoMagic != 0
	w.NoSymlinks = resolve&resolveNoSymlinks != 0
	w.CachedOnly = resolve&resolveCached != 0
	if scoped {
		w.Root = start
		w.Beneath = resolve&resolveBeneath != 0
		w.Scoped = true
	}
	f, err := t.OpenWalk(w, start, path, int(flags), uint32(mode))
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	fd, err := t.FDs.Install(f, 0, flags&unix.O_CLOEXEC != 0)
	return uintptr(fd), err
}
