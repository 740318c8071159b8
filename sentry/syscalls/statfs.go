package syscalls

import (
	"encoding/binary"

	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

func init() {
	reg("statfs", Supported, "tmpfs, procfs, sysfs, devpts: their own magic; the gofer's mounts: the host filesystem's type and numbers (f_fsid zero)", sysStatfs)
	reg("fstatfs", Supported, "as statfs; pipes, sockets and anonymous files: pipefs, sockfs, anon_inodefs", sysFstatfs)
}

// statfsBytes encodes a struct statfs (x86-64: 120 bytes).
func statfsBytes(s *vfs.StatFS) []byte {
	b := make([]byte, 120)
	le := binary.LittleEndian
	le.PutUint64(b[0:], uint64(s.Type))
	le.PutUint64(b[8:], uint64(s.Bsize))
	le.PutUint64(b[16:], s.Blocks)
	le.PutUint64(b[24:], s.Bfree)
	le.PutUint64(b[32:], s.Bavail)
	le.PutUint64(b[40:], s.Files)
	le.PutUint64(b[48:], s.Ffree)
	le.PutUint32(b[56:], uint32(s.Fsid[0]))
	le.PutUint32(b[60:], uint32(s.Fsid[1]))
	le.PutUint64(b[64:], uint64(s.Namelen))
	le.PutUint64(b[72:], uint64(s.Frsize))
	le.PutUint64(b[80:], uint64(s.Flags))
	return b
}

func statfsOut(t *kernel.Task, s vfs.StatFS, addr uintptr) (uintptr, error) {
	if _, err := t.MM.CopyOut(addr, statfsBytes(&s)); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func sysStatfs(t *kernel.Task, a Args) (uintptr, error) {
	d, _, _, err := dentryAt(t, uintptr(atFDCWD&0xffffffff), a[0], 0)
	if err != nil {
		return 0, err
	}
	s, err := d.StatFS()
	if err != nil {
		return 0, err
	}
	return statfsOut(t, s, a[1])
}

func sysFstatfs(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	var s vfs.StatFS
	if sf, ok := f.Impl.(vfs.StatFSer); ok {
		s, err = sf.StatFS()
		s.Flags |= 0x20 // ST_VALID
	} else if f.Dentry != nil {
		s, err = f.Dentry.StatFS()
	} else {
		st, serr := f.Impl.Stat()
		if serr != nil {
			return 0, serr
		}
		s = vfs.AnonStatFS(st.Mode)
	}
	if err != nil {
		return 0, err
	}
	return statfsOut(t, s, a[1])
}
