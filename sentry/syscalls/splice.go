package syscalls

import (
	"encoding/binary"

	"golang.org/x/sys/unix"

	"husk/sentry/fs/dev"
	"husk/sentry/fs/pipe"
	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

// The data-moving calls: sendfile, splice, tee, vmsplice, copy_file_range.
// Data is copied through the sentry in chunks of at most ioChunk; a call
// that involves a pipe moves at most one pipe's worth, as Linux's do.

func init() {
	reg("sendfile", Partial, "in_fd a regular file, /dev/zero, /dev/full or /dev/urandom as in Linux 6.x (pipes, directories: EINVAL); sockets not yet", sysSendfile)
	reg("splice", Partial, "pipe to pipe, pipe to any writable file, regular file or memory device to pipe (sockets not yet); data is copied, SPLICE_F_MOVE/MORE/GIFT are hints", sysSplice)
	reg("tee", Supported, "", sysTee)
	reg("vmsplice", Supported, "copies (SPLICE_F_GIFT is a hint): to a pipe's write end, from its read end", sysVmsplice)
	reg("copy_file_range", Supported, "copies through the sentry; across filesystems too", sysCopyFileRange)
}

const spliceFlags = unix.SPLICE_F_MOVE | unix.SPLICE_F_NONBLOCK | unix.SPLICE_F_MORE | unix.SPLICE_F_GIFT

func pipeEnd(f *vfs.File) (*pipe.End, bool) {
	e, ok := f.Impl.(*pipe.End)
	return e, ok
}

func isPath(f *vfs.File) bool { return f.Flags()&unix.O_PATH != 0 }

func readable(f *vfs.File) bool { return f.Readable() && !isPath(f) }
func writable(f *vfs.File) bool { return f.Writable() && !isPath(f) }

func isRegular(f *vfs.File) bool {
	st, err := f.Impl.Stat()
	return err == nil && st.IsRegular()
}

// memDevice returns the minor of a memory device (major 1), or -1.
func memDevice(f *vfs.File) int {
	st, err := f.Impl.Stat()
	if err != nil || st.Mode&unix.S_IFMT != unix.S_IFCHR || unix.Major(st.Rdev) != 1 {
		return -1
	}
	return int(unix.Minor(st.Rdev))
}

// spliceSource reports whether f can feed sendfile and splice as Linux
// 6.x allows: regular files and /dev/zero, /dev/full, /dev/urandom (not
// /dev/null or /dev/random, which have no splice_read).
func spliceSource(f *vfs.File) bool {
	if isRegular(f) {
		return true
	}
	switch memDevice(f) {
	case dev.MinorZero, dev.MinorFull, dev.MinorURandom:
		return true
	}
	return false
}

// spliceSink reports whether f (not a pipe) can take sendfile's and
// splice's output: anything writable but /dev/full (no splice_write).
func spliceSink(f *vfs.File) bool { return memDevice(f) != dev.MinorFull }

// copyInOff reads a loff_t. Errors: EFAULT.
func copyInOff(t *kernel.Task, addr uintptr) (int64, error) {
	var b [8]byte
	if _, err := t.MM.CopyIn(addr, b[:]); err != nil {
		return 0, unix.EFAULT
	}
	return int64(binary.LittleEndian.Uint64(b[:])), nil
}

func copyOutOff(t *kernel.Task, addr uintptr, v int64) error {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(v))
	if _, err := t.MM.CopyOut(addr, b[:]); err != nil {
		return unix.EFAULT
	}
	return nil
}

// offsetOf returns a seekable file's offset.
func offsetOf(f *vfs.File) int64 {
	n, _ := f.Seek(0, unix.SEEK_CUR)
	return n
}

// srcPos is where a transfer reads f: *addr when given (f must be seekable:
// ESPIPE), else the file offset. Errors: ESPIPE, EFAULT.
func srcPos(t *kernel.Task, f *vfs.File, addr uintptr) (int64, error) {
	if addr == 0 {
		if !f.Impl.Seekable() {
			return 0, nil
		}
		return offsetOf(f), nil
	}
	if !f.Impl.Seekable() {
		return 0, unix.ESPIPE
	}
	return copyInOff(t, addr)
}

// advance records that n bytes moved from pos: at *addr when given, else in
// the file offset. A memory device's position never moves, as in Linux.
func advance(t *kernel.Task, f *vfs.File, addr uintptr, pos int64, n int) error {
	if memDevice(f) >= 0 {
		n = 0
	}
	if addr != 0 {
		return copyOutOff(t, addr, pos+int64(n))
	}
	if n > 0 && f.Impl.Seekable() {
		f.Seek(pos+int64(n), unix.SEEK_SET)
	}
	return nil
}

// fileToPipe reads in (a splice source) at pos into pipe out: once there is
// room, at most that much (and count, and a chunk).
func fileToPipe(t *kernel.Task, in *vfs.File, pos int64, out *pipe.End, count uintptr, nonblock bool) (int, error) {
	room, err := out.WaitRoom(t, nonblock)
	if err != nil {
		return 0, err
	}
	n := min(count, uintptr(room), ioChunk)
	buf := make([]byte, n)
	k, err := in.Impl.Read(buf, pos)
	if k <= 0 {
		return 0, err
	}
	return out.WriteNB(buf[:k], t, nonblock)
}

// fileToFile copies up to count bytes of in (a splice source) from pos to out:
// at *outPos when given, else at out's offset.
func fileToFile(t *kernel.Task, in *vfs.File, pos int64, out *vfs.File, outPos *int64, count uintptr) (int, error) {
	buf := make([]byte, chunk(count))
	done := 0
	for uintptr(done) < count {
		want := buf[:chunk(count-uintptr(done))]
		k, err := in.Impl.Read(want, pos+int64(done))
		if k <= 0 {
			if done > 0 {
				return done, nil
			}
			return 0, err
		}
		var w int
		if outPos != nil {
			w, err = out.Impl.Write(want[:k], *outPos+int64(done))
		} else {
			w, err = out.WriteB(want[:k], t)
		}
		if w > 0 {
			done += w
		}
		if err != nil || w < k {
			if done > 0 {
				return done, nil
			}
			return 0, err
		}
	}
	return done, nil
}

func sysSendfile(t *kernel.Task, a Args) (uintptr, error) {
	offp, count := a[2], a[3]
	in, err := getFile(t, a[1])
	if err != nil {
		return 0, err
	}
	defer in.DecRef()
	if !readable(in) {
		return 0, unix.EBADF
	}
	pos, err := srcPos(t, in, offp)
	if err != nil {
		return 0, err
	}
	if pos < 0 {
		return 0, unix.EINVAL
	}
	out, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer out.DecRef()
	if !writable(out) {
		return 0, unix.EBADF
	}
	if count > maxRW {
		count = maxRW
	}
	if !spliceSource(in) {
		return 0, unix.EINVAL
	}
	op, toPipe := pipeEnd(out)
	if !toPipe && (out.Flags()&unix.O_APPEND != 0 || !spliceSink(out)) {
		return 0, unix.EINVAL
	}
	var n int
	if count > 0 {
		if toPipe {
			n, err = fileToPipe(t, in, pos, op, count, false)
		} else {
			n, err = fileToFile(t, in, pos, out, nil, count)
		}
	}
	if aerr := advance(t, in, offp, pos, n); aerr != nil {
		return 0, aerr
	}
	if n > 0 {
		in.NotifyParent(vfs.DNAccess)
		return uintptr(n), nil
	}
	return 0, sigpipe(t, err)
}

func sysSplice(t *kernel.Task, a Args) (uintptr, error) {
	offIn, offOut, length, flags := a[1], a[3], a[4], a[5]
	if length == 0 {
		return 0, nil
	}
	if flags&^spliceFlags != 0 {
		return 0, unix.EINVAL
	}
	in, out, err := getFilePair(t, a[0], a[2])
	if err != nil {
		return 0, err
	}
	defer in.DecRef()
	defer out.DecRef()
	ip, inPipe := pipeEnd(in)
	op, outPipe := pipeEnd(out)
	if (inPipe && offIn != 0) || (outPipe && offOut != 0) {
		return 0, unix.ESPIPE
	}
	if !readable(in) || !writable(out) {
		return 0, unix.EBADF
	}
	if length > maxRW {
		length = maxRW
	}
	nonblock := flags&unix.SPLICE_F_NONBLOCK != 0
	switch {
	case inPipe && outPipe:
		n, err := pipe.Transfer(ip, op, int(min(length, maxRW)), false, t, nonblock)
		return uintptr(n), sigpipe(t, err)
	case inPipe:
		pos := int64(0)
		if offOut != 0 {
			if !out.Impl.Seekable() {
				return 0, unix.ESPIPE
			}
			if pos, err = copyInOff(t, offOut); err != nil {
				return 0, err
			}
		}
		if out.Flags()&unix.O_APPEND != 0 || pos < 0 || !spliceSink(out) {
			return 0, unix.EINVAL
		}
		var w int
		if isRegular(out) {
			// Written with the pipe locked, straight to the file at its
			// position: what the file refuses stays in the pipe. Nothing
			// else (the offset, dnotify) is done under the pipe's lock.
			if offOut == 0 {
				pos = offsetOf(out)
			}
			w, err = ip.ReadTo(chunk(length), t, nonblock, func(b []byte) (int, error) {
				return out.Impl.Write(b, pos)
			})
			if w > 0 {
				if offOut == 0 {
					out.Seek(pos+int64(w), unix.SEEK_SET)
				}
				out.NotifyParent(vfs.DNModify)
			}
		} else {
			// A device or the app's host stdio may block: read, then write.
			buf := make([]byte, chunk(length))
			var k int
			if k, err = ip.ReadNB(buf, t, nonblock); k > 0 {
				w, err = out.WriteB(buf[:k], t)
			}
		}
		if w <= 0 {
			return 0, sigpipe(t, err)
		}
		if offOut != 0 {
			if err := copyOutOff(t, offOut, pos+int64(w)); err != nil {
				return 0, err
			}
		}
		return uintptr(w), nil
	case outPipe:
		pos, err := srcPos(t, in, offIn)
		if err != nil {
			return 0, err
		}
		if pos < 0 || !spliceSource(in) {
			return 0, unix.EINVAL
		}
		n, err := fileToPipe(t, in, pos, op, length, nonblock)
		if aerr := advance(t, in, offIn, pos, n); aerr != nil {
			return 0, aerr
		}
		if n > 0 {
			in.NotifyParent(vfs.DNAccess)
			return uintptr(n), nil
		}
		return 0, sigpipe(t, err)
	}
	return 0, unix.EINVAL
}

func sysTee(t *kernel.Task, a Args) (uintptr, error) {
	length, flags := a[2], a[3]
	if flags&^spliceFlags != 0 {
		return 0, unix.EINVAL
	}
	if length == 0 {
		return 0, nil
	}
	in, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer in.DecRef()
	if !readable(in) {
		return 0, unix.EBADF
	}
	out, err := getFile(t, a[1])
	if err != nil {
		return 0, err
	}
	defer out.DecRef()
	if !writable(out) {
		return 0, unix.EBADF
	}
	ip, inPipe := pipeEnd(in)
	op, outPipe := pipeEnd(out)
	if !inPipe || !outPipe {
		return 0, unix.EINVAL
	}
	n, err := pipe.Transfer(ip, op, int(min(length, maxRW)), true, t, flags&unix.SPLICE_F_NONBLOCK != 0)
	return uintptr(n), sigpipe(t, err)
}

func sysVmsplice(t *kernel.Task, a Args) (uintptr, error) {
	if a[3]&^spliceFlags != 0 {
		return 0, unix.EINVAL
	}
	f, err := getFile(t, a[0])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	toPipe := writable(f)
	if !toPipe && !readable(f) {
		return 0, unix.EBADF
	}
	iovs, err := copyIovecs(t, a[1], a[2])
	if err != nil {
		return 0, err
	}
	var total uintptr
	for _, v := range iovs {
		total += v.len
	}
	if total == 0 {
		return 0, nil
	}
	e, ok := pipeEnd(f)
	if !ok || e.IsReadEnd() == toPipe {
		return 0, unix.EBADF
	}
	nonblock := a[3]&unix.SPLICE_F_NONBLOCK != 0
	if toPipe {
		room, err := e.WaitRoom(t, nonblock)
		if err != nil {
			return 0, sigpipe(t, err)
		}
		want := min(total, uintptr(room), ioChunk)
		buf := make([]byte, 0, want)
		for _, v := range iovs {
			l := min(v.len, want-uintptr(len(buf)))
			if l == 0 {
				continue
			}
			b := make([]byte, l)
			c, _ := t.MM.CopyIn(v.base, b)
			buf = append(buf, b[:c]...)
			if uintptr(c) < l {
				break
			}
		}
		if len(buf) == 0 {
			return 0, unix.EFAULT
		}
		n, err := e.WriteNB(buf, t, nonblock)
		if n > 0 {
			return uintptr(n), nil
		}
		return 0, sigpipe(t, err)
	}
	buf := make([]byte, chunk(total))
	n, err := e.ReadNB(buf, t, nonblock)
	if n <= 0 {
		return 0, err
	}
	done := 0
	for _, v := range iovs {
		if done == n {
			break
		}
		l := min(int(v.len), n-done)
		c, _ := t.MM.CopyOut(v.base, buf[done:done+l])
		done += c
		if c < l {
			break
		}
	}
	if done == 0 {
		return 0, unix.EFAULT
	}
	return uintptr(done), nil
}

func sysCopyFileRange(t *kernel.Task, a Args) (uintptr, error) {
	offIn, offOut, length := a[1], a[3], a[4]
	if a[5] != 0 {
		return 0, unix.EINVAL
	}
	in, out, err := getFilePair(t, a[0], a[2])
	if err != nil {
		return 0, err
	}
	defer in.DecRef()
	defer out.DecRef()
	if isPath(in) || isPath(out) {
		return 0, unix.EBADF
	}
	var posIn, posOut int64
	if offIn != 0 {
		if posIn, err = copyInOff(t, offIn); err != nil {
			return 0, err
		}
	} else {
		posIn = offsetOf(in)
	}
	if offOut != 0 {
		if posOut, err = copyInOff(t, offOut); err != nil {
			return 0, err
		}
	} else {
		posOut = offsetOf(out)
	}
	sti, err := in.Impl.Stat()
	if err != nil {
		return 0, err
	}
	sto, err := out.Impl.Stat()
	if err != nil {
		return 0, err
	}
	if sti.IsDir() || sto.IsDir() {
		return 0, unix.EISDIR
	}
	if !sti.IsRegular() || !sto.IsRegular() {
		return 0, unix.EINVAL
	}
	if !in.Readable() || !out.Writable() || out.Flags()&unix.O_APPEND != 0 {
		return 0, unix.EBADF
	}
	// Offsets must not wrap (compared unsigned, as Linux does).
	if uint64(posIn)+uint64(length) < uint64(posIn) || uint64(posOut)+uint64(length) < uint64(posOut) {
		return 0, unix.EOVERFLOW
	}
	if length > maxRW {
		length = maxRW
	}
	if posIn >= sti.Size {
		length = 0
	} else {
		length = min(length, uintptr(sti.Size-posIn))
	}
	if sti.Dev == sto.Dev && sti.Ino == sto.Ino && posOut < posIn+int64(length) && posIn < posOut+int64(length) {
		return 0, unix.EINVAL
	}
	if posIn < 0 || posOut < 0 {
		return 0, unix.EINVAL
	}
	if length == 0 {
		return 0, nil
	}
	n, err := fileToFile(t, in, posIn, out, &posOut, length)
	if n <= 0 {
		return 0, err
	}
	if err := advance(t, in, offIn, posIn, n); err != nil {
		return 0, err
	}
	if err := advance(t, out, offOut, posOut, n); err != nil {
		return 0, err
	}
	in.NotifyParent(vfs.DNAccess)
	out.NotifyParent(vfs.DNModify)
	return uintptr(n), nil
}

// getFilePair looks up the files of fds a and b (splice's and
// copy_file_range's in and out), in that order: a's EBADF comes first.
func getFilePair(t *kernel.Task, a, b uintptr) (*vfs.File, *vfs.File, error) {
	in, err := getFile(t, a)
	if err != nil {
		return nil, nil, err
	}
	out, err := getFile(t, b)
	if err != nil {
		in.DecRef()
		return nil, nil, err
	}
	return in, out, nil
}
