package vfs

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func show(r *RangeSet) string {
	var parts []string
	for _, l := range r.Locks {
		t := "R"
		if l.Type == unix.F_WRLCK {
			t = "W"
		}
		end := fmt.Sprint(l.End)
		if l.End == MaxOffset {
			end = "EOF"
		}
		parts = append(parts, fmt.Sprintf("%v:%s[%d,%s]", l.Owner, t, l.Start, end))
	}
	return strings.Join(parts, " ")
}

func lk(owner string, typ int16, start, end int64) RecordLock {
	return RecordLock{Owner: owner, Type: typ, Start: start, End: end}
}

func TestRangeSetArithmetic(t *testing.T) {
	const R, W, U = unix.F_RDLCK, unix.F_WRLCK, unix.F_UNLCK
	for _, tc := range []struct {
		name string
		ops  []RecordLock
		want string
	}{
		{"one", []RecordLock{lk("a", W, 0, 9)}, "a:W[0,9]"},
		{"unlock middle splits", []RecordLock{lk("a", W, 0, 99), lk("a", U, 10, 19)}, "a:W[0,9] a:W[20,99]"},
		{"unlock middle of to-EOF", []RecordLock{lk("a", R, 5, MaxOffset), lk("a", U, 10, 19)}, "a:R[5,9] a:R[20,EOF]"},
		{"merge adjacent same type", []RecordLock{lk("a", R, 0, 9), lk("a", R, 10, 19)}, "a:R[0,19]"},
		{"merge overlapping", []RecordLock{lk("a", R, 0, 9), lk("a", R, 5, 14)}, "a:R[0,14]"},
		{"bridge two", []RecordLock{lk("a", R, 0, 4), lk("a", R, 10, 14), lk("a", R, 5, 9)}, "a:R[0,14]"},
		{"no merge across types", []RecordLock{lk("a", R, 0, 9), lk("a", W, 10, 19)}, "a:R[0,9] a:W[10,19]"},
		{"type change in middle", []RecordLock{lk("a", R, 0, 29), lk("a", W, 10, 19)}, "a:R[0,9] a:W[10,19] a:R[20,29]"},
		{"type change then back merges", []RecordLock{lk("a", R, 0, 29), lk("a", W, 10, 19), lk("a", R, 10, 19)}, "a:R[0,29]"},
		{"other owners untouched", []RecordLock{lk("b", R, 0, 9), lk("a", R, 5, 14), lk("a", U, 0, MaxOffset)}, "b:R[0,9]"},
		{"owners never merge", []RecordLock{lk("a", R, 0, 9), lk("b", R, 10, 19)}, "a:R[0,9] b:R[10,19]"},
		{"unlock all", []RecordLock{lk("a", W, 0, 9), lk("a", R, 20, 29), lk("a", U, 0, MaxOffset)}, ""},
		{"unlock edges", []RecordLock{lk("a", W, 10, 19), lk("a", U, 0, 10), lk("a", U, 19, 30)}, "a:W[11,18]"},
		{"to EOF swallows", []RecordLock{lk("a", W, 10, 19), lk("a", W, 30, 39), lk("a", W, 15, MaxOffset)}, "a:W[10,EOF]"},
	} {
		var r RangeSet
		for _, op := range tc.ops {
			r.Set(op)
		}
		if got := show(&r); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestRangeSetConflict(t *testing.T) {
	const R, W = unix.F_RDLCK, unix.F_WRLCK
	var r RangeSet
	r.Set(lk("a", R, 0, 9))
	r.Set(lk("b", W, 20, 29))
	for _, tc := range []struct {
		req  RecordLock
		want string // the conflicting owner, "" for none
	}{
		{lk("c", R, 0, 9), ""},
		{lk("c", W, 9, 9), "a"},
		{lk("c", R, 25, 40), "b"},
		{lk("a", W, 0, 19), ""}, // one's own lock never conflicts
		{lk("c", W, 10, 19), ""},
		{lk("c", W, 0, MaxOffset), "a"},
	} {
		c, busy := r.Conflict(&tc.req)
		got := ""
		if busy {
			got = c.Owner.(string)
		}
		if got != tc.want {
			t.Errorf("conflict with %+v: got %q, want %q", tc.req, got, tc.want)
		}
	}
}

type chanBlocker struct{ stop chan struct{} }

func (b chanBlocker) Wait(ch <-chan struct{}) error {
	select {
	case <-ch:
		return nil
	case <-b.stop:
		return unix.EINTR
	}
}

// testFile opens a tmpfs-like file from the test filesystem of vfs_test.go.
func lockFile(t *testing.T, ino uint64, flags int) *File {
	t.Helper()
	return NewFile(lockImpl{ino: ino}, nil, flags)
}

type lockImpl struct{ ino uint64 }

func (l lockImpl) Read([]byte, int64) (int, error)      { return 0, nil }
func (l lockImpl) Write(p []byte, _ int64) (int, error) { return len(p), nil }
func (l lockImpl) Stat() (Stat, error) {
	return Stat{Dev: 77, Ino: l.ino, Mode: unix.S_IFREG | 0o644, Size: 100}, nil
}
func (l lockImpl) Getdents(int64) ([]Dirent, error)                  { return nil, unix.ENOTDIR }
func (l lockImpl) Seekable() bool                                    { return true }
func (l lockImpl) Ioctl(IoctlTarget, uint, uintptr) (uintptr, error) { return 0, unix.ENOTTY }
func (l lockImpl) Mappable() (Mappable, error)                       { return nil, unix.ENODEV }
func (l lockImpl) Release()                                          {}

func TestPosixLocksGoWithAnyClose(t *testing.T) {
	p1, p2 := NewFDTable(64), NewFDTable(64)
	a := lockFile(t, 1001, unix.O_RDWR)
	b := lockFile(t, 1001, unix.O_RDWR) // another open of the same file
	fa, _ := p1.Install(a, 0, false)
	fb, _ := p1.Install(b, 0, false)
	a.DecRef()
	b.DecRef()
	if err := a.SetRecordLock(p1, 1, LockRange{Type: unix.F_WRLCK}, false, nil); err != nil {
		t.Fatal(err)
	}
	c := lockFile(t, 1001, unix.O_RDWR)
	defer c.DecRef()
	if err := c.SetRecordLock(p2, 2, LockRange{Type: unix.F_RDLCK}, false, nil); err != unix.EAGAIN {
		t.Fatalf("conflicting lock: got %v, want EAGAIN", err)
	}
	got, err := c.GetRecordLock(p2, LockRange{Type: unix.F_RDLCK, Start: 5, Len: 1})
	if err != nil || got.Type != unix.F_WRLCK || got.PID != 1 || got.Len != 0 {
		t.Fatalf("F_GETLK: %+v %v", got, err)
	}
	// Closing the other fd of the same file drops p1's lock.
	if err := p1.Remove(fb); err != nil {
		t.Fatal(err)
	}
	if err := c.SetRecordLock(p2, 2, LockRange{Type: unix.F_RDLCK}, false, nil); err != nil {
		t.Fatalf("after close: %v", err)
	}
	p1.Remove(fa)
	c.SetRecordLock(p2, 2, LockRange{Type: unix.F_UNLCK}, false, nil)
}

func TestDeadlockDetected(t *testing.T) {
	p1, p2 := NewFDTable(64), NewFDTable(64)
	f1 := lockFile(t, 1002, unix.O_RDWR)
	f2 := lockFile(t, 1002, unix.O_RDWR)
	defer f1.DecRef()
	defer f2.DecRef()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f1.SetRecordLock(p1, 1, LockRange{Type: unix.F_WRLCK, Start: 0, Len: 1}, false, nil))
	must(f2.SetRecordLock(p2, 2, LockRange{Type: unix.F_WRLCK, Start: 1, Len: 1}, false, nil))
	done := make(chan error, 1)
	stop := make(chan struct{})
	go func() {
		done <- f2.SetRecordLock(p2, 2, LockRange{Type: unix.F_WRLCK, Start: 0, Len: 1}, true, chanBlocker{stop})
	}()
	// Wait until p2 is recorded as waiting.
	for i := 0; ; i++ {
		locks.mu.Lock()
		_, w := locks.waiting[p2]
		locks.mu.Unlock()
		if w {
			break
		}
		if i > 5000 {
			t.Fatal("p2 never waited")
		}
		time.Sleep(time.Millisecond)
	}
	if err := f1.SetRecordLock(p1, 1, LockRange{Type: unix.F_WRLCK, Start: 1, Len: 1}, true, chanBlocker{stop}); err != unix.EDEADLK {
		t.Fatalf("got %v, want EDEADLK", err)
	}
	// p1 unlocks: p2 gets its lock.
	must(f1.SetRecordLock(p1, 1, LockRange{Type: unix.F_UNLCK}, false, nil))
	if err := <-done; err != nil {
		t.Fatalf("waiter: %v", err)
	}
	close(stop)
	f1.SetRecordLock(p1, 1, LockRange{Type: unix.F_UNLCK}, false, nil)
	f2.SetRecordLock(p2, 2, LockRange{Type: unix.F_UNLCK}, false, nil)
}

func TestFlockAndOFDGoWithLastReference(t *testing.T) {
	a := lockFile(t, 1003, unix.O_RDWR)
	b := lockFile(t, 1003, unix.O_RDONLY)
	defer b.DecRef()
	if err := a.Flock(unix.LOCK_EX, true, nil); err != nil {
		t.Fatal(err)
	}
	if err := a.SetRecordLock(nil, 0, LockRange{Type: unix.F_WRLCK}, false, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.Flock(unix.LOCK_SH, true, nil); err != unix.EWOULDBLOCK {
		t.Fatalf("flock: got %v", err)
	}
	got, _ := b.GetRecordLock(nil, LockRange{Type: unix.F_RDLCK})
	if got.Type != unix.F_WRLCK || got.PID != -1 {
		t.Fatalf("OFD getlk: %+v", got)
	}
	a.IncRef()
	a.DecRef() // not the last reference
	if err := b.Flock(unix.LOCK_SH, true, nil); err != unix.EWOULDBLOCK {
		t.Fatalf("flock after a dup's close: got %v", err)
	}
	a.DecRef()
	if err := b.Flock(unix.LOCK_SH, true, nil); err != nil {
		t.Fatalf("flock after last close: %v", err)
	}
	if got, _ := b.GetRecordLock(nil, LockRange{Type: unix.F_RDLCK}); got.Type != unix.F_UNLCK {
		t.Fatalf("OFD lock survived: %+v", got)
	}
	b.Flock(unix.LOCK_UN, false, nil)
	locks.mu.Lock()
	n := len(locks.files)
	locks.mu.Unlock()
	if n != 0 {
		t.Fatalf("%d lock states left behind", n)
	}
}

func TestSpan(t *testing.T) {
	f := lockFile(t, 1004, unix.O_RDWR)
	defer f.DecRef()
	for _, tc := range []struct {
		r          LockRange
		start, end int64
		err        error
	}{
		{LockRange{Whence: unix.SEEK_SET, Start: 5, Len: 0}, 5, MaxOffset, nil},
		{LockRange{Whence: unix.SEEK_SET, Start: 5, Len: -5}, 0, 4, nil},
		{LockRange{Whence: unix.SEEK_SET, Start: 5, Len: -6}, 0, 0, unix.EINVAL},
		{LockRange{Whence: unix.SEEK_SET, Start: -1}, 0, 0, unix.EINVAL},
		{LockRange{Whence: unix.SEEK_END, Start: -10, Len: 10}, 90, 99, nil},
		{LockRange{Whence: unix.SEEK_SET, Start: 5, Len: MaxOffset}, 0, 0, unix.EOVERFLOW},
		{LockRange{Whence: unix.SEEK_SET, Start: 0, Len: MaxOffset}, 0, MaxOffset - 1, nil},
		{LockRange{Whence: 7}, 0, 0, unix.EINVAL},
	} {
		s, e, err := f.span(&tc.r)
		if err != tc.err || (err == nil && (s != tc.start || e != tc.end)) {
			t.Errorf("%+v: got [%d,%d] %v, want [%d,%d] %v", tc.r, s, e, err, tc.start, tc.end, tc.err)
		}
	}
}

// FuzzSpan: whatever struct flock the app passes, span either refuses it or
// gives a range inside [0, MaxOffset], and Set/Conflict keep the set sorted
// and the owner's locks disjoint.
func FuzzSpan(f *testing.F) {
	f.Add(int16(unix.SEEK_SET), int64(0), int64(0), int64(0))
	f.Add(int16(unix.SEEK_CUR), int64(-5), int64(-3), int64(10))
	f.Add(int16(unix.SEEK_END), int64(MaxOffset), int64(MaxOffset), int64(7))
	f.Add(int16(unix.SEEK_SET), int64(-1<<63), int64(-1<<63), int64(MaxOffset))
	f.Fuzz(func(t *testing.T, whence int16, start, length, cur int64) {
		file := lockFile(t, 2000, unix.O_RDWR)
		defer file.DecRef()
		if cur >= 0 {
			file.offset = cur
		}
		s, e, err := file.span(&LockRange{Whence: whence, Start: start, Len: length})
		if err != nil {
			return
		}
		if s < 0 || e < s {
			t.Fatalf("span(%d, %d, %d) = [%d, %d]", whence, start, length, s, e)
		}
		var r RangeSet
		r.Set(RecordLock{Owner: "a", Type: unix.F_WRLCK, Start: 0, End: 99})
		r.Set(RecordLock{Owner: "a", Type: unix.F_RDLCK, Start: s, End: e})
		r.Set(RecordLock{Owner: "a", Type: unix.F_UNLCK, Start: s / 2, End: s/2 + (e-s)/2})
		for i := 1; i < len(r.Locks); i++ {
			if r.Locks[i-1].End >= r.Locks[i].Start {
				t.Fatalf("overlapping or unsorted: %s", show(&r))
			}
		}
	})
}
