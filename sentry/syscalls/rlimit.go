package syscalls

import (
	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

// fileSizeLimit applies RLIMIT_FSIZE to a write of count bytes to f at off
// (off < 0: at the file offset, or at the end with O_APPEND), as Linux's
// generic_write_checks does: only regular files are limited; a write that
// would cross the limit is cut short at it, and one that starts at or past
// it raises SIGXFSZ and fails with EFBIG.
func fileSizeLimit(t *kernel.Task, f *vfs.File, off int64, count uintptr) (uintptr, error) {
	lim := t.Rlimit(unix.RLIMIT_FSIZE).Cur
	if lim == unix.RLIM_INFINITY || count == 0 {
		return count, nil
	}
	st, err := f.Impl.Stat()
	if err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return count, nil
	}
	if off < 0 {
		if f.Flags()&unix.O_APPEND != 0 {
			off = st.Size
		} else if off, err = f.Seek(0, unix.SEEK_CUR); err != nil {
			return count, nil
		}
	}
	if uint64(off) >= lim {
		selfSignal(t, int(unix.SIGXFSZ))
		return 0, unix.EFBIG
	}
	if uint64(count) > lim-uint64(off) {
		count = uintptr(lim - uint64(off))
	}
	return count, nil
}

// truncateLimit is RLIMIT_FSIZE for truncate and ftruncate: growing a file
// past the limit raises SIGXFSZ and fails with EFBIG.
func truncateLimit(t *kernel.Task, size int64) error {
	if lim := t.Rlimit(unix.RLIMIT_FSIZE).Cur; lim != unix.RLIM_INFINITY && uint64(size) > lim {
		selfSignal(t, int(unix.SIGXFSZ))
		return unix.EFBIG
	}
	return nil
}

// capIovecs cuts iovs down to n bytes in all.
func capIovecs(iovs []iovec, n uintptr) []iovec {
	var out []iovec
	for _, v := range iovs {
		if n == 0 {
			break
		}
		v.len = min(v.len, n)
		n -= v.len
		out = append(out, v)
	}
	return out
}
