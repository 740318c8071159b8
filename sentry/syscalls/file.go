package syscalls

import (
	"encoding/binary"
	"sync"

	"golang.org/x/sys/unix"

	"husk/sentry/fs/pipe"
	"husk/sentry/kernel"
	unixsock "husk/sentry/socket/unix"
	"husk/sentry/vfs"
)

const (
	atFDCWD        = -100
	maxRW          = 0x7ffff000 // MAX_RW_COUNT
	ioChunk        = 1 << 20    // the most a handler buffers at once
	uioMaxIOV      = 1024
	atSymlinkNoFol = 0x100
	atEmptyPath    = 0x1000
	atNoAutomount  = 0x800
	atEaccess      = 0x200
)

func init() {
	reg("read", Supported, "", sysRead)
	reg("write", Supported, "", sysWrite)
	reg("pread64", Supported, "", sysPread)
	reg("pwrite64", Supported, "", sysPwrite)
	reg("readv", Supported, "", sysReadv)
	reg("writev", Supported, "", sysWritev)
	reg("open", Partial, "new files where the directory is writable (husk do's overlay root: writes copy up; tmpfs; writable mounts); --root-ro and :ro mounts: EROFS", sysOpen)
	reg("openat", Partial, "new files where the directory is writable (husk do's overlay root: writes copy up; tmpfs; writable mounts); --root-ro and :ro mounts: EROFS", sysOpenat)
	reg("creat", Partial, "as open", sysCreat)
	reg("close", Supported, "", sysClose)
	reg("close_range", Partial, "CLOSE_RANGE_CLOEXEC; CLOSE_RANGE_UNSHARE when the descriptor table is the caller's alone (shared with a CLONE_FILES thread: EINVAL, unsharing is not implemented)", sysCloseRange)
	reg("pipe", Supported, "", sysPipe)
	reg("pipe2", Supported, "O_DIRECT: packet mode", sysPipe2)
	reg("lseek", Supported, "", sysLseek)
	reg("fstat", Supported, "", sysFstat)
	reg("stat", Supported, "", sysStat)
	reg("lstat", Supported, "", sysLstat)
	reg("newfstatat", Supported, "", sysNewfstatat)
	reg("statx", Supported, "basic stats, the mount id, STATX_ATTR_MOUNT_ROOT; the birth time on tmpfs (not on the gofer's mounts); AT_STATX_* sync flags accepted", sysStatx)
	reg("getdents64", Supported, "", sysGetdents64)
	reg("access", Supported, "", sysAccess)
	reg("faccessat", Supported, "", sysFaccessat)
	reg("faccessat2", Supported, "", sysFaccessat2)
	reg("readlink", Supported, "", sysReadlink)
	reg("readlinkat", Supported, "", sysReadlinkat)
	reg("getcwd", Supported, "", sysGetcwd)
	reg("chdir", Supported, "", sysChdir)
	reg("fchdir", Supported, "", sysFchdir)
	reg("dup", Supported, "", sysDup)
	reg("dup2", Supported, "", sysDup2)
	reg("dup3", Supported, "", sysDup3)
	reg("fcntl", Partial, "F_DUPFD(_CLOEXEC), F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_GETPIPE_SZ, F_SETPIPE_SZ, F_GETLK, F_SETLK(W), F_OFD_GETLK, F_OFD_SETLK(W) (locks between the sandbox's processes only), F_GETLEASE (never a lease), F_NOTIFY (SIGIO, no F_SETSIG), F_ADD_SEALS/F_GET_SEALS (memfds); no F_SETLEASE, F_SETOWN/F_GETOWN, F_SETSIG", sysFcntl)
	reg("ioctl", Partial, "FIOCLEX, FIONCLEX, FIONBIO; FIONREAD on pipes; FIONREAD (SIOCINQ) and TIOCOUTQ (SIOCOUTQ) on unix sockets; the sentry's ptys: TCGETS/TCSETS[WF], TCGETS2/TCSETS2[WF], "+
		"TIOCGWINSZ/TIOCSWINSZ, FIONREAD, TIOCOUTQ, TCFLSH, TCXONC, TCSBRK[P], TIOCSCTTY, TIOCNOTTY, TIOCGPGRP/TIOCSPGRP, TIOCGSID, "+
		"TIOCEXCL/TIOCNXCL/TIOCGEXCL, TIOCGETD/TIOCSETD (N_TTY only), TIOCSTI, TIOCGDEV, TIOCGPTN, TIOCSPTLCK/TIOCGPTLCK, TIOCGPTPEER, TIOCPKT/TIOCGPKT; "+
		"no TCGETA/TCSETA (old termio); TCGETS and TIOCGWINSZ on a host tty; else ENOTTY", sysIoctl)
	reg("fadvise64", Supported, "advice is checked and, as Linux may, ignored", sysFadvise64)
}

func fdArg(v uintptr) int32 { return int32(v) }

func getFile(t *kernel.Task, fd uintptr) (*vfs.File, error) { return t.FDs.Get(fdArg(fd)) }

// copyPath reads a path argument. Errors: EFAULT, ENAMETOOLONG.
func copyPath(t *kernel.Task, addr uintptr) (string, error) {
	return t.MM.CopyInString(addr, vfs.MaxPath-1)
}

// dirStart returns the dentry a relative path starts from for dirfd.
func dirStart(t *kernel.Task, dirfd uintptr, path string) (*vfs.Dentry, error) {
	if len(path) > 0 && path[0] == '/' {
		return t.FS.Root, nil
	}
	if int32(dirfd) == atFDCWD {
		return t.FS.Cwd, nil
	}
	f, err := getFile(t, dirfd)
	if err != nil {
		return nil, err
	}
	defer f.DecRef()
	if f.Dentry == nil {
		return nil, unix.ENOTDIR
	}
	st, err := f.Impl.Stat()
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, unix.ENOTDIR
	}
	return f.Dentry, nil
}

func chunk(n uintptr) int {
	if n > ioChunk {
		return ioChunk
	}
	return int(n)
}

// ioBuf is a buffer a read handler fills from a file and copies out to the
// app (or a write handler fills from the app for a seekable file); full-chunk
// ones are pooled (a 1 MiB allocation per read(2) of a big file costs more
// than the copy).
type ioBuf struct{ b []byte }

var ioBufs = sync.Pool{New: func() any { return &ioBuf{b: make([]byte, ioChunk)} }}

// getIOBuf returns a buffer of n bytes (at most ioChunk). Nothing may keep
// it after put: read handlers fill it, and seekable files copy what they
// are written; neither holds on to it.
func getIOBuf(n int) *ioBuf {
	if n < ioChunk/4 {
		return &ioBuf{b: make([]byte, n)}
	}
	return ioBufs.Get().(*ioBuf)
}

func (b *ioBuf) put() {
	if cap(b.b) == ioChunk {
		ioBufs.Put(b)
	}
}

// readInto reads up to count bytes from f into app memory at addr. As in
// Linux, a buffer that turns bad part way returns the bytes copied before the
// bad page (and a seekable file's offset moves only that far); a buffer bad
// from its first byte is EFAULT.
func readInto(t *kernel.Task, f *vfs.File, addr, count uintptr, pread bool, off int64) (uintptr, error) {
	if count > maxRW {
		count = maxRW
	}
	if !f.Readable() {
		return 0, unix.EBADF
	}
	if f.IsDir() {
		return 0, unix.EISDIR
	}
	seekable := f.Impl.Seekable()
	if !seekable {
		// A stream's data cannot be put back: check the buffer first.
		if err := t.MM.CheckRange(addr, count, true); err != nil {
			return 0, err
		}
	}
	buf := getIOBuf(chunk(count))
	defer buf.put()
	var done uintptr
	for done < count {
		want := buf.b[:chunk(count-done)]
		var n int
		var err error
		if pread {
			n, err = f.Pread(want, off+int64(done))
		} else {
			n, err = f.ReadB(want, t)
		}
		if n > 0 {
			c, cerr := t.MM.CopyOut(addr+done, want[:n])
			done += uintptr(c)
			if cerr != nil {
				if seekable && !pread {
					f.Unread(int64(n - c))
				}
				if done > 0 {
					return done, nil
				}
				return 0, unix.EFAULT
			}
		}
		if err != nil {
			if done > 0 {
				return done, nil
			}
			return 0, err
		}
		if n < len(want) || !seekable {
			break
		}
	}
	return done, nil
}

// writeFrom writes up to count bytes of app memory at addr to f; a buffer
// that turns bad part way writes the good prefix, as Linux does.
func writeFrom(t *kernel.Task, f *vfs.File, addr, count uintptr, pwrite bool, off int64) (uintptr, error) {
	if count > maxRW {
		count = maxRW
	}
	if !f.Writable() {
		return 0, unix.EBADF
	}
	// A seekable file stores what it is given (it never keeps the buffer),
	// so its buffer can be a pooled one; a socket may queue the very slice.
	var buf []byte
	if f.Impl.Seekable() {
		b := getIOBuf(chunk(count))
		defer b.put()
		buf = b.b
	} else {
		buf = make([]byte, chunk(count))
	}
	var done uintptr
	for done < count {
		want := buf[:chunk(count-done)]
		c, cerr := t.MM.CopyIn(addr+done, want)
		want = want[:c]
		var n int
		var err error
		if c > 0 {
			if pwrite {
				n, err = f.Pwrite(want, off+int64(done))
			} else {
				n, err = f.WriteB(want, t)
			}
		}
		done += uintptr(n)
		if err != nil || cerr != nil || n < len(want) {
			if done > 0 {
				return done, nil
			}
			if err != nil {
				return 0, err
			}
			return 0, unix.EFAULT
		}
	}
	return done, nil
}

func sysRead(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	return readInto(t, f, a[1], a[2], false, 0)
}

func sysWrite(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	count, err := fileSizeLimit(t, f, -1, a[2])
	if err != nil {
		return 0, err
	}
	n, err := writeFrom(t, f, a[1], count, false, 0)
	return n, sigpipeFile(t, f, err)
}

// sigpipeFile is sigpipe for a write to f: datagram and seqpacket sockets
// fail with EPIPE but raise no SIGPIPE, as in Linux.
func sigpipeFile(t *kernel.Task, f *vfs.File, err error) error {
	if s, ok := f.Impl.(*unixsock.Socket); ok && s.Type() != unix.SOCK_STREAM {
		return err
	}
	return sigpipe(t, err)
}

// sigpipe raises SIGPIPE for a write that got EPIPE, as Linux does.
func sigpipe(t *kernel.Task, err error) error {
	if err == unix.EPIPE {
		selfSignal(t, int(unix.SIGPIPE))
	}
	return err
}

func sysPipe(t *kernel.Task, a Args) (uintptr, error) { return doPipe(t, a[0], 0) }

func sysPipe2(t *kernel.Task, a Args) (uintptr, error) { return doPipe(t, a[0], int(a[1])) }

func doPipe(t *kernel.Task, addr uintptr, flags int) (uintptr, error) {
	if flags&^(unix.O_CLOEXEC|unix.O_NONBLOCK|unix.O_DIRECT) != 0 {
		return 0, unix.EINVAL
	}
	r, w := pipe.New()
	rf := vfs.NewFile(r, nil, unix.O_RDONLY|flags&unix.O_NONBLOCK)
	wf := vfs.NewFile(w, nil, unix.O_WRONLY|flags&(unix.O_NONBLOCK|unix.O_DIRECT))
	defer rf.DecRef()
	defer wf.DecRef()
	cloexec := flags&unix.O_CLOEXEC != 0
	rfd, err := t.FDs.Install(rf, 0, cloexec)
	if err != nil {
		return 0, err
	}
	wfd, err := t.FDs.Install(wf, 0, cloexec)
	if err != nil {
		t.FDs.Remove(rfd)
		return 0, err
	}
	b := binary.LittleEndian.AppendUint32(nil, uint32(rfd))
	b = binary.LittleEndian.AppendUint32(b, uint32(wfd))
	if _, err := t.MM.CopyOut(addr, b); err != nil {
		t.FDs.Remove(rfd)
		t.FDs.Remove(wfd)
		return 0, unix.EFAULT
	}
	return 0, nil
}

func sysPread(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if int64(a[3]) < 0 {
		return 0, unix.EINVAL
	}
	if !f.Impl.Seekable() {
		return 0, unix.ESPIPE
	}
	return readInto(t, f, a[1], a[2], true, int64(a[3]))
}

func sysPwrite(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if int64(a[3]) < 0 {
		return 0, unix.EINVAL
	}
	if !f.Impl.Seekable() {
		return 0, unix.ESPIPE
	}
	count, err := fileSizeLimit(t, f, int64(a[3]), a[2])
	if err != nil {
		return 0, err
	}
	return writeFrom(t, f, a[1], count, true, int64(a[3]))
}

type iovec struct{ base, len uintptr }

// copyIovecs reads and checks an iovec array. Errors: EINVAL, EFAULT.
func copyIovecs(t *kernel.Task, addr, cnt uintptr) ([]iovec, error) {
	if cnt > uioMaxIOV {
		return nil, unix.EINVAL
	}
	if cnt == 0 {
		return nil, nil
	}
	b := make([]byte, cnt*16)
	if _, err := t.MM.CopyIn(addr, b); err != nil {
		return nil, unix.EFAULT
	}
	iovs := make([]iovec, cnt)
	var total uint64
	for i := range iovs {
		iovs[i] = iovec{uintptr(binary.LittleEndian.Uint64(b[i*16:])), uintptr(binary.LittleEndian.Uint64(b[i*16+8:]))}
		if int64(iovs[i].len) < 0 {
			return nil, unix.EINVAL
		}
		total += uint64(iovs[i].len)
		if total > 1<<63-1 {
			return nil, unix.EINVAL
		}
	}
	return iovs, nil
}

func sysReadv(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	iovs, err := copyIovecs(t, a[1], a[2])
	if err != nil {
		return 0, err
	}
	return readIovecs(t, f, iovs, -1)
}

// readIovecs fills iovs from f: at the file's offset when pos < 0, else
// at pos without moving the offset (preadv). It stops at the first short
// read; a fault after some bytes returns those bytes.
func readIovecs(t *kernel.Task, f *vfs.File, iovs []iovec, pos int64) (uintptr, error) {
	if !f.Readable() {
		return 0, unix.EBADF
	}
	if s, ok := f.Impl.(*unixsock.Socket); ok {
		return sockReadv(t, s, iovs)
	}
	var done uintptr
	for _, v := range iovs {
		if v.len == 0 {
			continue
		}
		n, err := readInto(t, f, v.base, v.len, pos >= 0, pos+int64(done))
		done += n
		if err != nil {
			if done > 0 {
				return done, nil
			}
			return 0, err
		}
		if n < v.len {
			break
		}
	}
	return done, nil
}

func sysWritev(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	iovs, err := copyIovecs(t, a[1], a[2])
	if err != nil {
		return 0, err
	}
	return writeIovecs(t, f, iovs, -1)
}

// writeIovecs writes iovs to f: at the file's offset when pos < 0, else at
// pos without moving the offset (pwritev). Up to ioChunk bytes go in one
// write, so a stream sees one write as Linux gives it.
func writeIovecs(t *kernel.Task, f *vfs.File, iovs []iovec, pos int64) (uintptr, error) {
	if !f.Writable() {
		return 0, unix.EBADF
	}
	// Gather into one buffer so a stream sees one write, as Linux does.
	var total uintptr
	for _, v := range iovs {
		total += v.len
	}
	if total > maxRW {
		total = maxRW
	}
	if capped, err := fileSizeLimit(t, f, pos, total); err != nil {
		return 0, err
	} else if capped < total {
		total, iovs = capped, capIovecs(iovs, capped)
	}
	if total <= ioChunk {
		buf := make([]byte, 0, total)
		for _, v := range iovs {
			l := v.len
			if uintptr(len(buf))+l > total {
				l = total - uintptr(len(buf))
			}
			if l == 0 {
				continue
			}
			b := make([]byte, l)
			if _, err := t.MM.CopyIn(v.base, b); err != nil {
				if len(buf) == 0 {
					return 0, unix.EFAULT
				}
				break
			}
			buf = append(buf, b...)
		}
		var n int
		var err error
		if pos >= 0 {
			n, err = f.Pwrite(buf, pos)
		} else {
			n, err = f.WriteB(buf, t)
		}
		if err != nil && n == 0 {
			return 0, sigpipeFile(t, f, err)
		}
		return uintptr(n), nil
	}
	var done uintptr
	for _, v := range iovs {
		if v.len == 0 {
			continue
		}
		n, err := writeFrom(t, f, v.base, v.len, pos >= 0, pos+int64(done))
		done += n
		if err != nil || n < v.len {
			if done > 0 {
				return done, nil
			}
			return 0, err
		}
	}
	return done, nil
}

func sysOpen(t *kernel.Task, a Args) (uintptr, error) {
	return doOpenat(t, uintptr(atFDCWD&0xffffffff), a[0], int(a[1]), uint32(a[2]))
}

func sysOpenat(t *kernel.Task, a Args) (uintptr, error) {
	return doOpenat(t, a[0], a[1], int(a[2]), uint32(a[3]))
}

func sysCreat(t *kernel.Task, a Args) (uintptr, error) {
	return doOpenat(t, uintptr(atFDCWD&0xffffffff), a[0], unix.O_CREAT|unix.O_WRONLY|unix.O_TRUNC, uint32(a[1]))
}

func doOpenat(t *kernel.Task, dirfd, pathAddr uintptr, flags int, mode uint32) (uintptr, error) {
	path, err := copyPath(t, pathAddr)
	if err != nil {
		return 0, err
	}
	if path == "" {
		return 0, unix.ENOENT
	}
	start, err := dirStart(t, dirfd, path)
	if err != nil {
		return 0, err
	}
	f, err := t.OpenMode(start, path, flags, mode)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	fd, err := t.FDs.Install(f, 0, flags&unix.O_CLOEXEC != 0)
	return uintptr(fd), err
}

func sysClose(t *kernel.Task, a Args) (uintptr, error) {
	return 0, t.FDs.Remove(fdArg(a[0]))
}

func sysCloseRange(t *kernel.Task, a Args) (uintptr, error) {
	const unshare, cloexec = 1 << 1, 1 << 2 // CLOSE_RANGE_UNSHARE, CLOSE_RANGE_CLOEXEC
	first, last, flags := uint32(a[0]), uint32(a[1]), uint32(a[2])
	if flags&^(unshare|cloexec) != 0 || first > last {
		return 0, unix.EINVAL
	}
	if flags&unshare != 0 && t.FDsShared() {
		return 0, unix.EINVAL
	}
	if flags&cloexec != 0 {
		t.FDs.SetCloseOnExecRange(first, last)
	} else {
		t.FDs.RemoveRange(first, last)
	}
	return 0, nil
}

func sysLseek(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	n, err := f.Seek(int64(a[1]), int(a[2]))
	return uintptr(n), err
}

// statBytes encodes struct stat (amd64, 144 bytes).
func statBytes(s *vfs.Stat) []byte {
	b := make([]byte, 144)
	le := binary.LittleEndian
	le.PutUint64(b[0:], s.Dev)
	le.PutUint64(b[8:], s.Ino)
	le.PutUint64(b[16:], s.Nlink)
	le.PutUint32(b[24:], s.Mode)
	le.PutUint32(b[28:], s.UID)
	le.PutUint32(b[32:], s.GID)
	le.PutUint64(b[40:], s.Rdev)
	le.PutUint64(b[48:], uint64(s.Size))
	le.PutUint64(b[56:], uint64(s.Blksize))
	le.PutUint64(b[64:], uint64(s.Blocks))
	for i, ts := range []unix.Timespec{s.Atime, s.Mtime, s.Ctime} {
		le.PutUint64(b[72+16*i:], uint64(ts.Sec))
		le.PutUint64(b[80+16*i:], uint64(ts.Nsec))
	}
	return b
}

func statOut(t *kernel.Task, s vfs.Stat, addr uintptr) (uintptr, error) {
	if _, err := t.MM.CopyOut(addr, statBytes(&s)); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func sysFstat(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	st, err := f.Impl.Stat()
	if err != nil {
		return 0, err
	}
	return statOut(t, st, a[1])
}

// inodeAt resolves (dirfd, path, flags) to an inode as the *at calls do.
func inodeAt(t *kernel.Task, dirfd, pathAddr uintptr, flags int) (vfs.Inode, vfs.Stat, error) {
	_, ino, st, err := dentryAt(t, dirfd, pathAddr, flags)
	return ino, st, err
}

// dentryAt is inodeAt that also returns the dentry (nil for an anonymous
// file named by AT_EMPTY_PATH).
func dentryAt(t *kernel.Task, dirfd, pathAddr uintptr, flags int) (*vfs.Dentry, vfs.Inode, vfs.Stat, error) {
	path, err := copyPath(t, pathAddr)
	if err != nil {
		return nil, nil, vfs.Stat{}, err
	}
	if path == "" {
		if flags&atEmptyPath == 0 {
			return nil, nil, vfs.Stat{}, unix.ENOENT
		}
		if int32(dirfd) == atFDCWD {
			st, err := t.FS.Cwd.Inode().Stat()
			return t.FS.Cwd, t.FS.Cwd.Inode(), st, err
		}
		f, err := getFile(t, dirfd)
		if err != nil {
			return nil, nil, vfs.Stat{}, err
		}
		defer f.DecRef()
		st, err := f.Impl.Stat()
		if f.Dentry != nil {
			return f.Dentry, f.Dentry.Inode(), st, err
		}
		return nil, nil, st, err
	}
	start, err := dirStart(t, dirfd, path)
	if err != nil {
		return nil, nil, vfs.Stat{}, err
	}
	d, err := t.Walker().Resolve(start, path, flags&atSymlinkNoFol == 0)
	if err != nil {
		return nil, nil, vfs.Stat{}, err
	}
	st, err := d.Inode().Stat()
	return d, d.Inode(), st, err
}

// notifyParentOf reports a dnotify event on d to its directory.
func notifyParentOf(d *vfs.Dentry, ev uint32) {
	if d != nil && d.Parent() != d {
		vfs.DirEvent(d.Parent(), ev)
	}
}

// statAt resolves (dirfd, path, flags) to a stat as the *at calls do.
func statAt(t *kernel.Task, dirfd, pathAddr uintptr, flags int) (vfs.Stat, error) {
	_, st, err := inodeAt(t, dirfd, pathAddr, flags)
	return st, err
}

func sysStat(t *kernel.Task, a Args) (uintptr, error) {
	st, err := statAt(t, uintptr(atFDCWD&0xffffffff), a[0], 0)
	if err != nil {
		return 0, err
	}
	return statOut(t, st, a[1])
}

func sysLstat(t *kernel.Task, a Args) (uintptr, error) {
	st, err := statAt(t, uintptr(atFDCWD&0xffffffff), a[0], atSymlinkNoFol)
	if err != nil {
		return 0, err
	}
	return statOut(t, st, a[1])
}

func sysNewfstatat(t *kernel.Task, a Args) (uintptr, error) {
	flags := int(a[3])
	if flags&^(atSymlinkNoFol|atEmptyPath|atNoAutomount) != 0 {
		return 0, unix.EINVAL
	}
	st, err := statAt(t, a[0], a[1], flags)
	if err != nil {
		return 0, err
	}
	return statOut(t, st, a[2])
}

// statx's mask bits and attributes beyond x/sys/unix's basic set.
const (
	statxMntIDUnique = 0x4000 // STATX_MNT_ID_UNIQUE
)

func sysStatx(t *kernel.Task, a Args) (uintptr, error) {
	flags := int(a[2])
	const syncMask = 0x6000 // AT_STATX_SYNC_TYPE: FORCE_SYNC, DONT_SYNC (either; both EINVAL)
	if flags&^(atSymlinkNoFol|atEmptyPath|atNoAutomount|syncMask) != 0 || flags&syncMask == syncMask {
		return 0, unix.EINVAL
	}
	want := uint32(a[3])
	if want&0x80000000 != 0 { // STATX__RESERVED
		return 0, unix.EINVAL
	}
	d, ino, st, err := dentryAt(t, a[0], a[1], flags)
	if err != nil {
		return 0, err
	}
	// As Linux: the basic stats are always filled in and reported, as is
	// the mount id; the birth time where the filesystem keeps one.
	mask := uint32(unix.STATX_BASIC_STATS)
	if want&statxMntIDUnique != 0 {
		mask |= statxMntIDUnique
	} else {
		mask |= unix.STATX_MNT_ID
	}
	if st.Btime != (unix.Timespec{}) {
		mask |= unix.STATX_BTIME
	}
	attrMask := uint64(unix.STATX_ATTR_MOUNT_ROOT)
	if sa, ok := ino.(vfs.StatxAttributer); ok {
		attrMask |= sa.StatxAttributesMask()
	}
	var attrs uint64
	if d != nil && d.IsMountRoot() {
		attrs |= unix.STATX_ATTR_MOUNT_ROOT
	}
	b := make([]byte, 256)
	le := binary.LittleEndian
	le.PutUint32(b[0:], mask)
	le.PutUint32(b[4:], uint32(st.Blksize))
	le.PutUint64(b[8:], attrs)
	le.PutUint32(b[16:], uint32(st.Nlink))
	le.PutUint32(b[20:], st.UID)
	le.PutUint32(b[24:], st.GID)
	le.PutUint16(b[28:], uint16(st.Mode))
	le.PutUint64(b[32:], st.Ino)
	le.PutUint64(b[40:], uint64(st.Size))
	le.PutUint64(b[48:], uint64(st.Blocks))
	le.PutUint64(b[56:], attrMask)
	put := func(off int, ts unix.Timespec) {
		le.PutUint64(b[off:], uint64(ts.Sec))
		le.PutUint32(b[off+8:], uint32(ts.Nsec))
	}
	put(64, st.Atime)
	put(80, st.Btime)
	put(96, st.Ctime)
	put(112, st.Mtime)
	le.PutUint32(b[128:], unix.Major(st.Rdev))
	le.PutUint32(b[132:], unix.Minor(st.Rdev))
	le.PutUint32(b[136:], unix.Major(st.Dev))
	le.PutUint32(b[140:], unix.Minor(st.Dev))
	le.PutUint64(b[144:], d.MountID())
	if _, err := t.MM.CopyOut(a[4], b); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func sysGetdents64(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	count := a[2]
	if count > ioChunk {
		count = ioChunk
	}
	st, err := f.Impl.Stat()
	if err != nil {
		return 0, err
	}
	if !st.IsDir() {
		return 0, unix.ENOTDIR
	}
	if err := t.MM.CheckRange(a[1], count, true); err != nil {
		return 0, err
	}
	out := make([]byte, 0, count)
	for {
		ents, err := f.Getdents()
		if err != nil {
			if len(out) > 0 {
				break
			}
			return 0, err
		}
		if len(ents) == 0 {
			break
		}
		full := false
		for _, e := range ents {
			reclen := (19 + len(e.Name) + 1 + 7) &^ 7
			if uintptr(len(out)+reclen) > count {
				full = true
				break
			}
			rec := make([]byte, reclen)
			binary.LittleEndian.PutUint64(rec[0:], e.Ino)
			binary.LittleEndian.PutUint64(rec[8:], uint64(e.Off))
			binary.LittleEndian.PutUint16(rec[16:], uint16(reclen))
			rec[18] = e.Type
			copy(rec[19:], e.Name)
			out = append(out, rec...)
			f.SetDirCookie(e.Off)
		}
		if full {
			break
		}
	}
	if len(out) == 0 && a[2] > 0 {
		// Nothing fit, or the end: tell them apart.
		ents, _ := f.Getdents()
		if len(ents) > 0 {
			return 0, unix.EINVAL
		}
	}
	if _, err := t.MM.CopyOut(a[1], out); err != nil {
		return 0, unix.EFAULT
	}
	return uintptr(len(out)), nil
}

func doAccess(t *kernel.Task, dirfd, pathAddr uintptr, mode uint32, flags int) (uintptr, error) {
	if mode&^7 != 0 {
		return 0, unix.EINVAL
	}
	if flags&^(atSymlinkNoFol|atEaccess|atEmptyPath) != 0 {
		return 0, unix.EINVAL
	}
	ino, st, err := inodeAt(t, dirfd, pathAddr, flags)
	if err != nil {
		return 0, err
	}
	if mode&2 != 0 && readOnly(ino, &st) {
		return 0, unix.EROFS
	}
	if flags&atEaccess != 0 {
		return 0, t.CheckAccess(&st, mode)
	}
	return 0, t.CheckAccessReal(&st, mode)
}

func sysAccess(t *kernel.Task, a Args) (uintptr, error) {
	return doAccess(t, uintptr(atFDCWD&0xffffffff), a[0], uint32(a[1]), 0)
}

func sysFaccessat(t *kernel.Task, a Args) (uintptr, error) {
	return doAccess(t, a[0], a[1], uint32(a[2]), 0)
}

func sysFaccessat2(t *kernel.Task, a Args) (uintptr, error) {
	return doAccess(t, a[0], a[1], uint32(a[2]), int(a[3]))
}

func doReadlink(t *kernel.Task, dirfd, pathAddr, buf, size uintptr) (uintptr, error) {
	if int32(size) <= 0 {
		return 0, unix.EINVAL
	}
	path, err := copyPath(t, pathAddr)
	if err != nil {
		return 0, err
	}
	var d *vfs.Dentry
	if path == "" {
		if int32(dirfd) == atFDCWD {
			return 0, unix.ENOENT
		}
		f, err := getFile(t, dirfd)
		if err != nil {
			return 0, err
		}
		defer f.DecRef()
		if f.Dentry == nil || f.Flags()&unix.O_PATH == 0 {
			return 0, unix.ENOENT
		}
		d = f.Dentry
	} else {
		start, err := dirStart(t, dirfd, path)
		if err != nil {
			return 0, err
		}
		if d, err = t.Walker().Resolve(start, path, false); err != nil {
			return 0, err
		}
	}
	target, err := t.Walker().Readlink(d)
	if err != nil {
		return 0, err
	}
	b := []byte(target)
	if uintptr(len(b)) > size {
		b = b[:size]
	}
	if _, err := t.MM.CopyOut(buf, b); err != nil {
		return 0, unix.EFAULT
	}
	return uintptr(len(b)), nil
}

func sysReadlink(t *kernel.Task, a Args) (uintptr, error) {
	return doReadlink(t, uintptr(atFDCWD&0xffffffff), a[0], a[1], a[2])
}

func sysReadlinkat(t *kernel.Task, a Args) (uintptr, error) {
	return doReadlink(t, a[0], a[1], a[2], a[3])
}

func sysGetcwd(t *kernel.Task, a Args) (uintptr, error) {
	p := t.FS.Cwd.Path(t.FS.Root) + "\x00"
	if uintptr(len(p)) > a[1] {
		return 0, unix.ERANGE
	}
	if _, err := t.MM.CopyOut(a[0], []byte(p)); err != nil {
		return 0, unix.EFAULT
	}
	return uintptr(len(p)), nil
}

func setCwd(t *kernel.Task, d *vfs.Dentry) error {
	st, err := d.Inode().Stat()
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return unix.ENOTDIR
	}
	if err := t.CheckAccess(&st, 1); err != nil {
		return err
	}
	t.FS.Cwd = d
	return nil
}

func sysChdir(t *kernel.Task, a Args) (uintptr, error) {
	path, err := copyPath(t, a[0])
	if err != nil {
		return 0, err
	}
	d, err := t.Walker().Resolve(t.FS.Cwd, path, true)
	if err != nil {
		return 0, err
	}
	return 0, setCwd(t, d)
}

func sysFchdir(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if f.Dentry == nil {
		return 0, unix.ENOTDIR
	}
	return 0, setCwd(t, f.Dentry)
}

func sysDup(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	fd, err := t.FDs.Install(f, 0, false)
	if err == unix.EINVAL {
		err = unix.EMFILE
	}
	return uintptr(fd), err
}

func dup3(t *kernel.Task, oldfd, newfd uintptr, cloexec bool) (uintptr, error) {
	f, err := getFile(t, oldfd)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if int32(newfd) < 0 || int64(int32(newfd)) >= int64(t.Rlimit(unix.RLIMIT_NOFILE).Cur) {
		return 0, unix.EBADF
	}
	return newfd, t.FDs.InstallAt(f, fdArg(newfd), cloexec)
}

func sysDup2(t *kernel.Task, a Args) (uintptr, error) {
	if fdArg(a[0]) == fdArg(a[1]) {
		f, err := getFile(t, a[0])
		if err != nil {
			return 0, err
		}
		f.DecRef()
		return uintptr(fdArg(a[1])), nil
	}
	return dup3(t, a[0], a[1], false)
}

func sysDup3(t *kernel.Task, a Args) (uintptr, error) {
	if a[2]&^unix.O_CLOEXEC != 0 || fdArg(a[0]) == fdArg(a[1]) {
		return 0, unix.EINVAL
	}
	return dup3(t, a[0], a[1], a[2]&unix.O_CLOEXEC != 0)
}

func sysFcntl(t *kernel.Task, a Args) (uintptr, error) {
	fd := fdArg(a[0])
	f, err := t.FDs.Get(fd)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	switch int(a[1]) {
	case unix.F_DUPFD, unix.F_DUPFD_CLOEXEC:
		min := int32(a[2])
		if min < 0 || int64(min) >= int64(t.Rlimit(unix.RLIMIT_NOFILE).Cur) {
			return 0, unix.EINVAL
		}
		nfd, err := t.FDs.Install(f, min, int(a[1]) == unix.F_DUPFD_CLOEXEC)
		return uintptr(nfd), err
	case unix.F_GETFD:
		c, err := t.FDs.CloseOnExec(fd)
		if c {
			return unix.FD_CLOEXEC, err
		}
		return 0, err
	case unix.F_SETFD:
		return 0, t.FDs.SetCloseOnExec(fd, a[2]&unix.FD_CLOEXEC != 0)
	case unix.F_GETFL:
		return uintptr(f.Flags()), nil
	case unix.F_SETFL:
		f.SetFlags(int(a[2]))
		return 0, nil
	case fAddSeals, fGetSeals:
		return fcntlSeals(f, int(a[1]), a[2])
	case unix.F_GETPIPE_SZ:
		if p, ok := f.Impl.(*pipe.End); ok {
			return uintptr(p.PipeSize()), nil
		}
		return 0, unix.EBADF
	case unix.F_SETPIPE_SZ:
		if p, ok := f.Impl.(*pipe.End); ok {
			n, err := p.SetPipeSize(int64(int32(a[2])))
			return uintptr(n), err
		}
		return 0, unix.EBADF
	case unix.F_GETLK, unix.F_SETLK, unix.F_SETLKW, unix.F_OFD_GETLK, unix.F_OFD_SETLK, unix.F_OFD_SETLKW:
		return fcntlLock(t, f, int(a[1]), a[2])
	case unix.F_GETLEASE:
		// No leases are ever granted (F_SETLEASE is EINVAL).
		return unix.F_UNLCK, nil
	case unix.F_NOTIFY:
		// Events signal the calling process with SIGIO (no F_SETSIG), as
		// send_sigio does for a file owner without a signal of its own.
		k, tgid := t.K, t.TGID
		send := func() {
			if to := k.TaskByPID(tgid); to != nil {
				to.SignalTarget(unix.SIGIO).SendSignal(kernel.NewSigInfo(unix.SIGIO, kernel.SIKernel))
			}
		}
		return 0, f.SetDirNotify(t.FDs, uint32(a[2]), send)
	}
	return 0, unix.EINVAL
}

func sysIoctl(t *kernel.Task, a Args) (uintptr, error) {
	fd := fdArg(a[0])
	f, err := t.FDs.Get(fd)
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	switch uint(a[1]) {
	case 0x5451: // FIOCLEX
		return 0, t.FDs.SetCloseOnExec(fd, true)
	case 0x5450: // FIONCLEX
		return 0, t.FDs.SetCloseOnExec(fd, false)
	case 0x5421: // FIONBIO: *arg says whether O_NONBLOCK is set
		if f.Flags()&unix.O_PATH != 0 {
			return 0, unix.EBADF
		}
		var b [4]byte
		if _, err := t.MM.CopyIn(a[2], b[:]); err != nil {
			return 0, unix.EFAULT
		}
		fl := f.Flags() &^ unix.O_NONBLOCK
		if binary.LittleEndian.Uint32(b[:]) != 0 {
			fl |= unix.O_NONBLOCK
		}
		f.SetFlags(fl)
		return 0, nil
	}
	if f.Flags()&unix.O_PATH != 0 {
		return 0, unix.EBADF
	}
	if uint(a[1]) == 0x5421 { // FIONBIO: every file's, as Linux's do_vfs_ioctl
		var b [4]byte
		if _, err := t.MM.CopyIn(a[2], b[:]); err != nil {
			return 0, unix.EFAULT
		}
		fl := f.Flags() &^ unix.O_NONBLOCK
		if binary.LittleEndian.Uint32(b[:]) != 0 {
			fl |= unix.O_NONBLOCK
		}
		f.SetFlags(fl)
		return 0, nil
	}
	// The task is the target: a terminal's ioctls need their caller.
	return f.Impl.Ioctl(t, uint(a[1]), a[2])
}

func sysFadvise64(t *kernel.Task, a Args) (uintptr, error) {
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if !f.Impl.Seekable() {
		return 0, unix.ESPIPE
	}
	if a[3] > 5 || int64(a[2]) < 0 {
		return 0, unix.EINVAL
	}
	return 0, nil
}

// readOnly reports whether ino lives on a read-only filesystem (the root):
// writable filesystems' directories take name operations and their files
// can be truncated.
func readOnly(ino vfs.Inode, st *vfs.Stat) bool {
	switch {
	case st.IsDir():
		_, ok := ino.(vfs.DirOps)
		return !ok
	case st.IsRegular():
		_, ok := ino.(vfs.Truncater)
		return !ok
	}
	return false
}
