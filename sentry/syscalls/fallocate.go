package syscalls

import (
	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

func init() {
	reg("fallocate", Partial, "modes 0, KEEP_SIZE and PUNCH_HOLE|KEEP_SIZE on tmpfs and on files of writable gofer mounts (the host filesystem's answer); other modes EOPNOTSUPP", sysFallocate)
}

// maxFileBytes is the largest offset+length (s_maxbytes; tmpfs's limit is
// lower and its own).
const maxFileBytes = 1<<63 - 1

func sysFallocate(t *kernel.Task, a Args) (uintptr, error) {
	mode, off, length := uint32(a[1]), int64(a[2]), int64(a[3])
	const (
		keep    = unix.FALLOC_FL_KEEP_SIZE
		punch   = unix.FALLOC_FL_PUNCH_HOLE
		known   = keep | punch | unix.FALLOC_FL_COLLAPSE_RANGE | unix.FALLOC_FL_ZERO_RANGE | unix.FALLOC_FL_INSERT_RANGE | unix.FALLOC_FL_UNSHARE_RANGE
		ourMode = keep | punch
	)
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	switch {
	case off < 0 || length <= 0:
		return 0, unix.EINVAL
	case mode&^known != 0:
		return 0, unix.EOPNOTSUPP
	case mode&punch != 0 && mode&keep == 0:
		return 0, unix.EOPNOTSUPP
	case !f.Writable():
		return 0, unix.EBADF
	}
	st, err := f.Impl.Stat()
	if err != nil {
		return 0, err
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFIFO:
		return 0, unix.ESPIPE
	case unix.S_IFDIR:
		return 0, unix.EISDIR
	case unix.S_IFREG:
	default:
		return 0, unix.ENODEV
	}
	if off > maxFileBytes-length {
		return 0, unix.EFBIG
	}
	al, ok := f.Impl.(vfs.Allocator)
	if !ok || mode&^ourMode != 0 {
		return 0, unix.EOPNOTSUPP
	}
	if mode&keep == 0 {
		if err := truncateLimit(t, off+length); err != nil {
			return 0, err
		}
	}
	if err := al.Allocate(mode, off, length); err != nil {
		return 0, err
	}
	f.NotifyParent(vfs.DNModify)
	vfs.NotifyDentry(f.Dentry, vfs.InModify)
	return 0, nil
}
