package vfs

import (
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// Dirent is one directory entry for getdents.
type Dirent struct {
	Ino  uint64
	Off  int64 // cookie of the next entry
	Type uint8 // DT_*
	Name string
}

// FileImpl is an open file as a filesystem implements it. Offsets are the
// caller's business: Read and Write get an explicit one (ignored by streams).
type FileImpl interface {
	// Read reads into p at off. Errors: EISDIR, EBADF (not readable), EIO...
	Read(p []byte, off int64) (int, error)
	// Write writes p at off (or appends / streams).
	Write(p []byte, off int64) (int, error)
	// Stat returns the file's status.
	Stat() (Stat, error)
	// Getdents returns entries from cookie on; an empty result means the end.
	// Errors: ENOTDIR.
	Getdents(cookie int64) ([]Dirent, error)
	// Seekable reports whether lseek works (false for pipes and ttys: ESPIPE).
	Seekable() bool
	// Ioctl runs a device-specific request; arg is the app's pointer.
	// Errors: ENOTTY for unknown requests.
	Ioctl(t IoctlTarget, req uint, arg uintptr) (uintptr, error)
	// Mappable returns what mmap reads pages from, or ENODEV.
	Mappable() (Mappable, error)
	// Release frees the file's resources.
	Release()
}

// Mappable is a file whose pages can be mapped (matches mm.File).
type Mappable interface {
	ReadAt(p []byte, off int64) (int, error)
	Size() int64
}

// Blocker is how a blocking file operation waits: nil when ch is ready, an
// error (a restart code) when the wait was interrupted by a signal.
type Blocker interface {
	Wait(ch <-chan struct{}) error
}

// WaitingFile is implemented by streams whose reads and writes block, so
// the wait can be interrupted.
type WaitingFile interface {
	ReadWait(p []byte, b Blocker) (int, error)
	WriteWait(p []byte, b Blocker) (int, error)
}

// HostOffset is implemented by files whose offset is their own business: it
// lives in a host open file description shared with others (the app's
// stdio), or the file keeps it so that File.mu is not held around its reads
// (procfs, whose reads take kernel locks). Reads and writes get offset -1
// and use the file's, and Seeker moves it.
type HostOffset interface {
	HostOffset()
}

// Seeker is implemented by files whose lseek is their own (devices): given
// the current offset, it returns the new one.
type Seeker interface {
	SeekFrom(cur, off int64, whence int) (int64, error)
}

// IoctlTarget is how an ioctl reaches app memory.
type IoctlTarget interface {
	CopyIn(addr uintptr, dst []byte) (int, error)
	CopyOut(addr uintptr, src []byte) (int, error)
}

// File is an open file description.
type File struct {
	Impl   FileImpl
	Dentry *Dentry // nil for anonymous files (stdio)

	mu     sync.Mutex
	refs   int
	flags  int // status flags: access mode, O_APPEND, O_NONBLOCK, ...
	offset int64
	// dirCookie is where the next getdents continues.
	dirCookie int64
	// onRelease runs when the last reference goes.
	onRelease map[*func()]func()
	// lockKey is set (under locks.mu) once the file took a flock or OFD
	// lock: its last reference drops them. mayHoldLocks says so without
	// the lock, so that closing a file that never locked costs nothing.
	lockKey      *lockKey
	mayHoldLocks atomic.Bool
	// identity caches the file's lock identity (its device and inode
	// numbers never change while it is open): a stat may be a gofer round
	// trip.
	identity atomic.Pointer[lockKey]
}

// IsDir reports whether the file is a directory, from the inode's known
// type where it has one (a Stat may be a gofer round trip).
func (f *File) IsDir() bool {
	if f.Dentry != nil {
		if tk, ok := f.Dentry.Inode().(TypeKnower); ok {
			return tk.FileType() == unix.S_IFDIR
		}
	}
	st, err := f.Impl.Stat()
	return err == nil && st.IsDir()
}

// NewFile makes an open file description with one reference.
func NewFile(impl FileImpl, d *Dentry, flags int) *File {
	if nb, ok := impl.(interface{ SetNonblock(bool) }); ok && flags&unix.O_NONBLOCK != 0 {
		nb.SetNonblock(true)
	}
	if dd, ok := impl.(interface{ SetDirect(bool) }); ok && flags&unix.O_DIRECT != 0 {
		dd.SetDirect(true)
	}
	f := &File{Impl: impl, Dentry: d, refs: 1, flags: flags &^ (unix.O_CREAT | unix.O_EXCL | unix.O_NOCTTY | unix.O_TRUNC | unix.O_CLOEXEC)}
	if d != nil && flags&unix.O_PATH == 0 {
		notifyOpen(d, flags)
	}
	return f
}

// IncRef and DecRef count references from fd tables.
func (f *File) IncRef() {
	f.mu.Lock()
	f.refs++
	f.mu.Unlock()
}

// DecRef drops a reference and releases the file with the last one.
func (f *File) DecRef() {
	f.mu.Lock()
	f.refs--
	last := f.refs == 0
	hooks := f.onRelease
	if last {
		f.onRelease = nil
	}
	f.mu.Unlock()
	if last {
		for _, h := range hooks {
			h()
		}
		f.releaseLocks()
		f.notifyClose()
		f.Impl.Release()
	}
}

// OnRelease registers fn to run when the file's last reference goes (epoll
// drops a watched file then, as Linux does); the returned func unregisters.
func (f *File) OnRelease(fn func()) (cancel func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.onRelease == nil {
		f.onRelease = make(map[*func()]func())
	}
	key := &fn
	f.onRelease[key] = fn
	return func() {
		f.mu.Lock()
		delete(f.onRelease, key)
		f.mu.Unlock()
	}
}

// Flags returns the status flags.
func (f *File) Flags() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.flags
}

// SetFlags changes the settable status flags (O_APPEND, O_NONBLOCK, O_ASYNC, O_DIRECT, O_NOATIME).
func (f *File) SetFlags(fl int) {
	const settable = unix.O_APPEND | unix.O_NONBLOCK | unix.O_ASYNC | unix.O_DIRECT | unix.O_NOATIME
	f.mu.Lock()
	f.flags = f.flags&^settable | fl&settable
	f.mu.Unlock()
	if nb, ok := f.Impl.(interface{ SetNonblock(bool) }); ok {
		nb.SetNonblock(fl&unix.O_NONBLOCK != 0)
	}
	if d, ok := f.Impl.(interface{ SetDirect(bool) }); ok {
		d.SetDirect(fl&unix.O_DIRECT != 0)
	}
}

// Readable and Writable test the access mode.
func (f *File) Readable() bool {
	m := f.Flags() & unix.O_ACCMODE
	return m == unix.O_RDONLY || m == unix.O_RDWR
}
func (f *File) Writable() bool {
	m := f.Flags() & unix.O_ACCMODE
	return m == unix.O_WRONLY || m == unix.O_RDWR
}
func (f *File) isPath() bool { return f.Flags()&unix.O_PATH != 0 }

// Read reads at the file offset and advances it.
func (f *File) Read(p []byte) (int, error) { return f.ReadB(p, nil) }

// ReadB is Read whose blocking waits go through b (nil: uninterruptible).
func (f *File) ReadB(p []byte, b Blocker) (int, error) {
	n, err := f.readB(p, b)
	if n > 0 {
		f.NotifyParent(DNAccess)
	}
	return n, err
}

func (f *File) readB(p []byte, b Blocker) (int, error) {
	if !f.Readable() || f.isPath() {
		return 0, unix.EBADF
	}
	if _, host := f.Impl.(HostOffset); host || !f.Impl.Seekable() {
		if w, ok := f.Impl.(WaitingFile); ok && b != nil {
			return w.ReadWait(p, b)
		}
		return f.Impl.Read(p, -1)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	n, err := f.Impl.Read(p, f.offset)
	f.offset += int64(n)
	f.notifyIO(n, InAccess)
	return n, err
}

// Unread moves the offset of a seekable file back by n (bytes read but not
// delivered to the app).
func (f *File) Unread(n int64) {
	f.mu.Lock()
	f.offset -= n
	f.mu.Unlock()
}

// Pread reads at off. Errors: ESPIPE for streams, EINVAL for off < 0.
func (f *File) Pread(p []byte, off int64) (int, error) {
	if !f.Readable() || f.isPath() {
		return 0, unix.EBADF
	}
	if !f.Impl.Seekable() {
		return 0, unix.ESPIPE
	}
	if off < 0 {
		return 0, unix.EINVAL
	}
	n, err := f.Impl.Read(p, off)
	if n > 0 {
		f.NotifyParent(DNAccess)
	}
	f.notifyIO(n, InAccess)
	return n, err
}

// Write writes at the file offset (or the end with O_APPEND) and advances it.
func (f *File) Write(p []byte) (int, error) { return f.WriteB(p, nil) }

// WriteB is Write whose blocking waits go through b (nil: uninterruptible).
func (f *File) WriteB(p []byte, b Blocker) (int, error) {
	n, err := f.writeB(p, b)
	if n > 0 {
		f.NotifyParent(DNModify)
	}
	return n, err
}

func (f *File) writeB(p []byte, b Blocker) (int, error) {
	if !f.Writable() || f.isPath() {
		return 0, unix.EBADF
	}
	if _, host := f.Impl.(HostOffset); host || !f.Impl.Seekable() {
		if w, ok := f.Impl.(WaitingFile); ok && b != nil {
			return w.WriteWait(p, b)
		}
		return f.Impl.Write(p, -1)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	off := f.offset
	if f.flags&unix.O_APPEND != 0 {
		st, err := f.Impl.Stat()
		if err != nil {
			return 0, err
		}
		off = st.Size
	}
	n, err := f.Impl.Write(p, off)
	f.offset = off + int64(n)
	f.notifyIO(n, InModify)
	return n, err
}

// Pwrite writes at off.
func (f *File) Pwrite(p []byte, off int64) (int, error) {
	if !f.Writable() || f.isPath() {
		return 0, unix.EBADF
	}
	if !f.Impl.Seekable() {
		return 0, unix.ESPIPE
	}
	if off < 0 {
		return 0, unix.EINVAL
	}
	n, err := f.Impl.Write(p, off)
	if n > 0 {
		f.NotifyParent(DNModify)
	}
	f.notifyIO(n, InModify)
	return n, err
}

// Seek implements lseek. Errors: ESPIPE, EINVAL.
func (f *File) Seek(off int64, whence int) (int64, error) {
	s, seeker := f.Impl.(Seeker)
	if !f.Impl.Seekable() && !seeker {
		return 0, unix.ESPIPE
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if seeker {
		n, err := s.SeekFrom(f.offset, off, whence)
		if err == nil {
			f.offset = n
		}
		return n, err
	}
	var base int64
	switch whence {
	case unix.SEEK_SET:
	case unix.SEEK_CUR:
		base = f.offset
	case unix.SEEK_END:
		st, err := f.Impl.Stat()
		if err != nil {
			return 0, err
		}
		base = st.Size
	case unix.SEEK_DATA, unix.SEEK_HOLE:
		st, err := f.Impl.Stat()
		if err != nil {
			return 0, err
		}
		if off < 0 || off >= st.Size {
			return 0, unix.ENXIO
		}
		if whence == unix.SEEK_HOLE {
			off = st.Size
		}
	default:
		return 0, unix.EINVAL
	}
	n := base + off
	if (off > 0 && n < base) || n < 0 {
		return 0, unix.EINVAL
	}
	f.offset = n
	if st, err := f.Impl.Stat(); err == nil && st.IsDir() {
		f.dirCookie = n
	}
	return n, nil
}

// Getdents returns the next entries of a directory, advancing the cookie by
// how many the caller consumed (see Advance).
func (f *File) Getdents() ([]Dirent, error) {
	if f.isPath() {
		return nil, unix.EBADF
	}
	f.mu.Lock()
	c := f.dirCookie
	f.mu.Unlock()
	ents, err := f.Impl.Getdents(c)
	if err == nil {
		notifyDentry(f.Dentry, InAccess)
	}
	return ents, err
}

// SetDirCookie records where the next Getdents continues.
func (f *File) SetDirCookie(c int64) {
	f.mu.Lock()
	f.dirCookie = c
	f.offset = c
	f.mu.Unlock()
}

// Poll events (as epoll and poll spell them).
const (
	PollIn  = 0x1
	PollPri = 0x2
	PollOut = 0x4
	PollErr = 0x8
	PollHup = 0x10
)

// Pollable is implemented by files whose readiness can be waited for
// (pipes, eventfds): epoll, poll and select use it.
type Pollable interface {
	// Readiness returns the Poll* events that hold now.
	Readiness() uint32
	// Changed returns a channel that is closed at the file's next change of
	// state; take it before checking Readiness so no change is missed.
	Changed() <-chan struct{}
}

// Offset returns the file offset (/proc/[pid]/fdinfo).
func (f *File) Offset() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.offset
}

// AnonNamer is implemented by files with no name of their own that Linux
// shows as "anon_inode:[NAME]" in /proc/[pid]/fd (eventfd, epoll).
type AnonNamer interface {
	AnonName() string
}

// FSSyncer is implemented by files on a host filesystem (donated FDs):
// syncfs flushes that whole filesystem. Files without it live in the
// sentry (tmpfs, pipes) and need nothing.
type FSSyncer interface {
	SyncFS() error
}

// Sleeper is a Blocker that waits uninterruptibly (no task to interrupt).
type Sleeper struct{}

// Wait implements Blocker.
func (Sleeper) Wait(ch <-chan struct{}) error { <-ch; return nil }
