package syscalls

import (
	"golang.org/x/sys/unix"

	"husk/sentry/errno"
	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

func init() {
	reg("preadv", Supported, "", sysPreadv)
	reg("pwritev", Supported, "", sysPwritev)
	reg("preadv2", Partial, "offset -1 reads at the file offset; RWF_HIPRI, RWF_DSYNC and RWF_SYNC are accepted (no effect on a read); RWF_NOWAIT, RWF_APPEND, RWF_NOAPPEND, RWF_ATOMIC: EOPNOTSUPP", sysPreadv2)
	reg("pwritev2", Partial, "offset -1 writes at the file offset; RWF_HIPRI is a hint; RWF_DSYNC and RWF_SYNC flush the file after the write as fdatasync and fsync do; RWF_NOWAIT, RWF_APPEND, RWF_NOAPPEND, RWF_ATOMIC: EOPNOTSUPP", sysPwritev2)
}

// vecFile gets the file and the iovecs of a p{read,write}v{,2} call at pos
// (pos < 0 only for the v2 calls' "current offset"). Errors: EBADF,
// EINVAL (bad count, iovec length or offset), EFAULT, ESPIPE.
func vecFile(t *kernel.Task, a Args, pos int64) (*vfs.File, []iovec, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return nil, nil, err
	}
	iovs, err := copyIovecs(t, a[1], a[2])
	if err == nil && pos >= 0 && !f.Impl.Seekable() {
		err = unix.ESPIPE
	}
	if err != nil {
		f.DecRef()
		return nil, nil, err
	}
	return f, iovs, nil
}

// vecPos decodes pos_l (on amd64 the whole 64-bit offset; pos_h is
// ignored, as in Linux). v2 allows -1, the file's offset.
func vecPos(a Args, v2 bool) (int64, error) {
	pos := int64(a[3])
	if pos == -1 && v2 {
		return -1, nil
	}
	if pos < 0 {
		return 0, unix.EINVAL
	}
	return pos, nil
}

func sysPreadv(t *kernel.Task, a Args) (uintptr, error) { return preadv(t, a, false) }

func sysPreadv2(t *kernel.Task, a Args) (uintptr, error) { return preadv(t, a, true) }

func preadv(t *kernel.Task, a Args, v2 bool) (uintptr, error) {
	pos, err := vecPos(a, v2)
	if err != nil {
		return 0, err
	}
	if v2 {
		if err := rwfCheck(a[5]); err != nil {
			return 0, err
		}
	}
	f, iovs, err := vecFile(t, a, pos)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	return readIovecs(t, f, iovs, pos)
}

func sysPwritev(t *kernel.Task, a Args) (uintptr, error) { return pwritev(t, a, false) }

func sysPwritev2(t *kernel.Task, a Args) (uintptr, error) { return pwritev(t, a, true) }

func pwritev(t *kernel.Task, a Args, v2 bool) (uintptr, error) {
	pos, err := vecPos(a, v2)
	if err != nil {
		return 0, err
	}
	var flags uintptr
	if v2 {
		flags = a[5]
		if err := rwfCheck(flags); err != nil {
			return 0, err
		}
	}
	f, iovs, err := vecFile(t, a, pos)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	n, err := writeIovecs(t, f, iovs, pos)
	if err != nil {
		return n, sigpipe(t, err)
	}
	if n > 0 && flags&(unix.RWF_DSYNC|unix.RWF_SYNC) != 0 {
		if s, ok := f.Impl.(vfs.Syncer); ok {
			if err := s.Sync(flags&unix.RWF_SYNC == 0); err != nil {
				return 0, errno.FromHost(err)
			}
		}
	}
	return n, nil
}

// rwfCheck accepts the RWF_ flags husk honours. Linux answers EOPNOTSUPP
// for flags it does not know; husk does the same for the ones it does not
// implement.
func rwfCheck(flags uintptr) error {
	if flags&^(unix.RWF_HIPRI|unix.RWF_DSYNC|unix.RWF_SYNC) != 0 {
		return unix.EOPNOTSUPP
	}
	return nil
}
