package vfs

import (
	"sort"
	"sync"

	"golang.org/x/sys/unix"
)

type fdEntry struct {
	file    *File
	cloexec bool
}

// FDTable maps descriptors to open files.
type FDTable struct {
	mu    sync.Mutex
	fds   map[int32]fdEntry
	limit int32 // RLIMIT_NOFILE
}

// NewFDTable returns an empty table with the given descriptor limit.
func NewFDTable(limit int32) *FDTable { return &FDTable{fds: make(map[int32]fdEntry), limit: limit} }

// SetLimit changes the descriptor limit (RLIMIT_NOFILE's soft limit): new
// descriptors must be below it. Descriptors already above it stay open.
func (t *FDTable) SetLimit(limit int32) {
	t.mu.Lock()
	t.limit = limit
	t.mu.Unlock()
}

// Get returns the file at fd with a new reference. Errors: EBADF.
func (t *FDTable) Get(fd int32) (*File, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.fds[fd]
	if !ok {
		return nil, unix.EBADF
	}
	e.file.IncRef()
	return e.file, nil
}

// CloseOnExec reports the fd's close-on-exec flag. Errors: EBADF.
func (t *FDTable) CloseOnExec(fd int32) (bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.fds[fd]
	if !ok {
		return false, unix.EBADF
	}
	return e.cloexec, nil
}

// SetCloseOnExec sets it. Errors: EBADF.
func (t *FDTable) SetCloseOnExec(fd int32, v bool) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.fds[fd]
	if !ok {
		return unix.EBADF
	}
	e.cloexec = v
	t.fds[fd] = e
	return nil
}

// Install puts f at the lowest free fd >= min, taking a new reference.
// Errors: EMFILE, EINVAL (min beyond the limit).
func (t *FDTable) Install(f *File, min int32, cloexec bool) (int32, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if min < 0 || min >= t.limit {
		return 0, unix.EINVAL
	}
	for fd := min; fd < t.limit; fd++ {
		if _, ok := t.fds[fd]; !ok {
			f.IncRef()
			t.fds[fd] = fdEntry{file: f, cloexec: cloexec}
			return fd, nil
		}
	}
	return 0, unix.EMFILE
}

// InstallAt puts f at exactly fd, closing what was there. Errors: EBADF.
func (t *FDTable) InstallAt(f *File, fd int32, cloexec bool) error {
	t.mu.Lock()
	if fd < 0 || fd >= t.limit {
		t.mu.Unlock()
		return unix.EBADF
	}
	old, had := t.fds[fd]
	f.IncRef()
	t.fds[fd] = fdEntry{file: f, cloexec: cloexec}
	t.mu.Unlock()
	if had {
		t.closed(old.file)
	}
	return nil
}

// Remove closes fd. Errors: EBADF.
func (t *FDTable) Remove(fd int32) error {
	t.mu.Lock()
	e, ok := t.fds[fd]
	delete(t.fds, fd)
	t.mu.Unlock()
	if !ok {
		return unix.EBADF
	}
	t.closed(e.file)
	return nil
}

// closed drops the table's reference to f after one of its fds closed:
// the table's POSIX locks on the file and its dnotify watches through f go
// with it, as in Linux.
func (t *FDTable) closed(f *File) {
	releasePosix(t, f)
	dropDirNotify(t, f)
	f.DecRef()
}

// RemoveAll closes every fd.
func (t *FDTable) RemoveAll() {
	t.mu.Lock()
	fds := t.fds
	t.fds = make(map[int32]fdEntry)
	t.mu.Unlock()
	for _, e := range fds {
		t.closed(e.file)
	}
}

// Fork returns a copy of the table for a child process (the files are shared).
func (t *FDTable) Fork() *FDTable {
	t.mu.Lock()
	defer t.mu.Unlock()
	c := &FDTable{fds: make(map[int32]fdEntry, len(t.fds)), limit: t.limit}
	for fd, e := range t.fds {
		e.file.IncRef()
		c.fds[fd] = e
	}
	return c
}

// CloseOnExec closes every fd marked close-on-exec (execve).
func (t *FDTable) RemoveCloseOnExec() {
	t.mu.Lock()
	var drop []*File
	for fd, e := range t.fds {
		if e.cloexec {
			drop = append(drop, e.file)
			delete(t.fds, fd)
		}
	}
	t.mu.Unlock()
	for _, f := range drop {
		t.closed(f)
	}
}

// FDs returns the open descriptors in order (/proc/[pid]/fd).
func (t *FDTable) FDs() []int32 {
	t.mu.Lock()
	fds := make([]int32, 0, len(t.fds))
	for fd := range t.fds {
		fds = append(fds, fd)
	}
	t.mu.Unlock()
	sort.Slice(fds, func(i, j int) bool { return fds[i] < fds[j] })
	return fds
}

// inRange reports whether fd lies in [first, last] (close_range's unsigned
// bounds).
func inRange(fd int32, first, last uint32) bool {
	return fd >= 0 && uint32(fd) >= first && uint32(fd) <= last
}

// RemoveRange closes every open fd in [first, last] (close_range).
func (t *FDTable) RemoveRange(first, last uint32) {
	t.mu.Lock()
	var drop []*File
	for fd, e := range t.fds {
		if inRange(fd, first, last) {
			drop = append(drop, e.file)
			delete(t.fds, fd)
		}
	}
	t.mu.Unlock()
	for _, f := range drop {
		t.closed(f)
	}
}

// SetCloseOnExecRange marks every open fd in [first, last] close-on-exec
// (close_range's CLOSE_RANGE_CLOEXEC).
func (t *FDTable) SetCloseOnExecRange(first, last uint32) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for fd, e := range t.fds {
		if inRange(fd, first, last) {
			e.cloexec = true
			t.fds[fd] = e
		}
	}
}
