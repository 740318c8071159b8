package syscalls

import (
	"encoding/binary"

	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

func init() {
	reg("flock", Supported, "between the sandbox's processes only (the host sees no lock)", sysFlock)
}

func sysFlock(t *kernel.Task, a Args) (uintptr, error) {
	op := int(a[1])
	const lockMand = 32 // LOCK_MAND: Linux ignores it (with a warning) before anything else
	if op&lockMand != 0 {
		return 0, nil
	}
	switch op &^ unix.LOCK_NB {
	case unix.LOCK_SH, unix.LOCK_EX, unix.LOCK_UN:
	default:
		return 0, unix.EINVAL
	}
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	return 0, f.Flock(op&^unix.LOCK_NB, op&unix.LOCK_NB != 0, t)
}

// flockSize is sizeof(struct flock) on amd64.
const flockSize = 32

// copyInFlock reads a struct flock. Errors: EFAULT.
func copyInFlock(t *kernel.Task, addr uintptr) (vfs.LockRange, error) {
	b := make([]byte, flockSize)
	if _, err := t.MM.CopyIn(addr, b); err != nil {
		return vfs.LockRange{}, unix.EFAULT
	}
	le := binary.LittleEndian
	return vfs.LockRange{
		Type:   int16(le.Uint16(b[0:])),
		Whence: int16(le.Uint16(b[2:])),
		Start:  int64(le.Uint64(b[8:])),
		Len:    int64(le.Uint64(b[16:])),
		PID:    int32(le.Uint32(b[24:])),
	}, nil
}

func copyOutFlock(t *kernel.Task, addr uintptr, r vfs.LockRange) error {
	b := make([]byte, flockSize)
	le := binary.LittleEndian
	le.PutUint16(b[0:], uint16(r.Type))
	le.PutUint16(b[2:], uint16(r.Whence))
	le.PutUint64(b[8:], uint64(r.Start))
	le.PutUint64(b[16:], uint64(r.Len))
	le.PutUint32(b[24:], uint32(r.PID))
	if _, err := t.MM.CopyOut(addr, b); err != nil {
		return unix.EFAULT
	}
	return nil
}

// fcntlLock serves F_GETLK, F_SETLK, F_SETLKW and their OFD forms.
func fcntlLock(t *kernel.Task, f *vfs.File, cmd int, addr uintptr) (uintptr, error) {
	if f.Flags()&unix.O_PATH != 0 {
		return 0, unix.EBADF
	}
	r, err := copyInFlock(t, addr)
	if err != nil {
		return 0, err
	}
	var owner *vfs.FDTable
	switch cmd {
	case unix.F_GETLK, unix.F_SETLK, unix.F_SETLKW:
		owner = t.FDs
	}
	switch cmd {
	case unix.F_GETLK, unix.F_OFD_GETLK:
		out, err := f.GetRecordLock(owner, r)
		if err != nil {
			return 0, err
		}
		return 0, copyOutFlock(t, addr, out)
	}
	wait := cmd == unix.F_SETLKW || cmd == unix.F_OFD_SETLKW
	return 0, f.SetRecordLock(owner, t.TGID, r, wait, t)
}
