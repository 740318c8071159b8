package mm

import (
	"bytes"
	"testing"

	"golang.org/x/sys/unix"

	"husk/platform"
)

func (e *env) offOf(t *testing.T, m *MM, va uintptr) int64 {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.pages[va]
	if !ok {
		t.Fatalf("page %#x not present", va)
	}
	return p.off
}

// TestForkCOWRefcounts: fork shares private pages (no copy), the first
// write by either side copies only while the other still owns the page,
// and releasing each side frees exactly its own pages.
func TestForkCOWRefcounts(t *testing.T) {
	e := newEnv(t)
	a := e.mmap(t, MapOpts{Length: 4 * P, Perms: platform.ReadWrite})
	for i := 0; i < 4; i++ {
		e.write(t, a+uintptr(i)*P, []byte{byte('a' + i)})
	}
	e.wantUsed(t, 4)
	c, err := e.m.Fork()
	if err != nil {
		t.Fatal(err)
	}
	e.wantUsed(t, 4)
	off0 := e.offOf(t, e.m, a)
	if e.offOf(t, c, a) != off0 || e.mf.Owners(off0) != 2 {
		t.Fatalf("after fork: child page %#x, owners %d; want the parent's page %#x with 2 owners",
			e.offOf(t, c, a), e.mf.Owners(off0), off0)
	}
	// The child writes page 0: it gets a copy.
	if _, err := c.CopyOut(a, []byte("C")); err != nil {
		t.Fatal(err)
	}
	e.wantUsed(t, 5)
	if e.offOf(t, c, a) == off0 || e.mf.Owners(off0) != 1 {
		t.Errorf("child's write did not copy: page %#x, owners of the old one %d", e.offOf(t, c, a), e.mf.Owners(off0))
	}
	if got := e.read(t, a, 1); got[0] != 'a' {
		t.Errorf("parent reads %q after the child's write, want a", got)
	}
	// The parent writes page 0: it is its last owner, so it takes it over.
	e.write(t, a, []byte("P"))
	e.wantUsed(t, 5)
	if e.offOf(t, e.m, a) != off0 {
		t.Errorf("parent's write copied a page it owned alone")
	}
	b := make([]byte, 1)
	c.CopyIn(a, b)
	if b[0] != 'C' {
		t.Errorf("child reads %q, want C", b)
	}
	// The parent writes page 1 (still shared): a copy.
	e.write(t, a+P, []byte("Q"))
	e.wantUsed(t, 6)
	c.CopyIn(a+P, b)
	if b[0] != 'b' {
		t.Errorf("child reads %q on page 1 after the parent's write, want b", b)
	}
	c.Release()
	// Left: the parent's 4 pages (2 of them now its alone).
	e.wantUsed(t, 4)
	e.m.Release()
	e.wantUsed(t, 0)
}

// TestForkCOWFaults: fork drops the parent's writable mappings; a read
// fault maps a shared page read-only; a write fault copies it and maps the
// copy writable; once the child is gone a fault maps the page writable at
// once (taken over, no copy).
func TestForkCOWFaults(t *testing.T) {
	e := newEnv(t)
	a := e.mmap(t, MapOpts{Length: P, Perms: platform.ReadWrite})
	if err := e.m.HandleFault(a, platform.ReadWrite); err != nil {
		t.Fatal(err)
	}
	old := e.offOf(t, e.m, a)
	e.as.take()
	c, err := e.m.Fork()
	if err != nil {
		t.Fatal(err)
	}
	if calls := e.as.take(); len(calls) != 1 || calls[0].op != "unmap" || calls[0].addr != a {
		t.Fatalf("fork: parent's address space saw %v, want the writable page unmapped", calls)
	}
	if err := e.m.HandleFault(a, platform.Read); err != nil {
		t.Fatal(err)
	}
	if calls := e.as.take(); len(calls) != 1 || calls[0].at.Write || calls[0].off != old {
		t.Fatalf("read fault on a shared page: %v, want it mapped read-only", calls)
	}
	if err := e.m.HandleFault(a, platform.AccessType{Write: true}); err != nil {
		t.Fatal(err)
	}
	calls := e.as.take()
	if len(calls) != 1 || !calls[0].at.Write || calls[0].off == old || calls[0].addr != a {
		t.Fatalf("write fault on a shared page: %v, want a copy mapped writable", calls)
	}
	// The child's own view: a write takes over (the parent copied).
	cas := c.def.as.(*fakeAS)
	if err := c.HandleFaultIn(c.def, a, platform.ReadWrite); err != nil {
		t.Fatal(err)
	}
	if calls := cas.take(); len(calls) != 1 || !calls[0].at.Write || calls[0].off != old {
		t.Fatalf("child's write fault after the parent copied: %v, want the old page mapped writable", calls)
	}
	c.Release()
	e.m.Release()
	e.wantUsed(t, 0)
}

// TestSharedAnonFork: MAP_SHARED|MAP_ANONYMOUS memory is one object
// across fork, including pages first touched after it, and is freed with
// the last mapping.
func TestSharedAnonFork(t *testing.T) {
	e := newEnv(t)
	a := e.mmap(t, MapOpts{Length: 2 * P, Perms: platform.ReadWrite, Shared: true})
	e.write(t, a, []byte("x"))
	c, err := e.m.Fork()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CopyOut(a+P, []byte("child")); err != nil {
		t.Fatal(err)
	}
	if got := e.read(t, a+P, 5); string(got) != "child" {
		t.Errorf("parent reads %q, want the child's store", got)
	}
	e.wantUsed(t, 2)
	e.m.Release()
	e.wantUsed(t, 2)
	c.Release()
	e.wantUsed(t, 0)
}

// TestMRemapBookkeeping: a move re-keys the pages (nothing copied, nothing
// allocated), growing in place extends the vma, shrinking frees the tail,
// DONTUNMAP leaves the old range mapped and empty.
func TestMRemapBookkeeping(t *testing.T) {
	e := newEnv(t)
	a := e.mmap(t, MapOpts{Length: 2 * P, Perms: platform.ReadWrite})
	e.write(t, a, []byte("zero"))
	e.write(t, a+P, []byte("one"))
	// Block growing in place.
	e.mmap(t, MapOpts{Addr: a + 2*P, Length: P, Fixed: true, Perms: platform.Read})
	if _, err := e.m.MRemap(a, 2*P, 4*P, 0, 0); err != unix.ENOMEM {
		t.Errorf("grow without MAYMOVE over a mapping: %v, want ENOMEM", err)
	}
	off1 := e.offOf(t, e.m, a+P)
	b, err := e.m.MRemap(a, 2*P, 4*P, MremapMayMove, 0)
	if err != nil || b == a {
		t.Fatalf("MRemap = %#x, %v", b, err)
	}
	e.wantUsed(t, 2)
	if e.offOf(t, e.m, b+P) != off1 {
		t.Errorf("the moved page is a copy")
	}
	if got := e.read(t, b+P, 3); string(got) != "one" {
		t.Errorf("moved data %q", got)
	}
	if _, err := e.m.CopyIn(a, make([]byte, 1)); err != unix.EFAULT {
		t.Errorf("old range after move: %v, want EFAULT", err)
	}
	// Shrink frees the tail's pages.
	e.write(t, b+3*P, []byte("3"))
	e.wantUsed(t, 3)
	if r, err := e.m.MRemap(b, 4*P, P, 0, 0); err != nil || r != b {
		t.Fatalf("shrink = %#x, %v", r, err)
	}
	e.wantUsed(t, 1)
	// Grow in place into the freed range.
	if r, err := e.m.MRemap(b, P, 3*P, 0, 0); err != nil || r != b {
		t.Fatalf("grow in place = %#x, %v", r, err)
	}
	// DONTUNMAP: the pages move, the old range stays mapped and reads zero.
	d, err := e.m.MRemap(b, P, P, MremapMayMove|MremapDontUnmap, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.read(t, d, 4); string(got) != "zero" {
		t.Errorf("DONTUNMAP target reads %q", got)
	}
	if got := e.read(t, b, 4); !bytes.Equal(got, make([]byte, 4)) {
		t.Errorf("DONTUNMAP source reads %q, want zeros", got)
	}
	// Errors.
	for _, c := range []struct {
		old, oldLen, newLen uintptr
		flags               int
		want                error
	}{
		{b, P, P, 8, unix.EINVAL},
		{b + 1, P, P, 0, unix.EINVAL},
		{b, P, 0, 0, unix.EINVAL},
		{b, 0, P, MremapMayMove, unix.EINVAL}, // private
		{b, P, P, MremapFixed, unix.EINVAL},
		{b, P, 2 * P, MremapMayMove | MremapDontUnmap, unix.EINVAL},
		{b, 8 * P, 9 * P, MremapMayMove, unix.EFAULT},
		{0x20000, P, 2 * P, MremapMayMove, unix.EFAULT},
	} {
		if _, err := e.m.MRemap(c.old, c.oldLen, c.newLen, c.flags, 0); err != c.want {
			t.Errorf("MRemap(%#x, %#x, %#x, %#x) = %v, want %v", c.old, c.oldLen, c.newLen, c.flags, err, c.want)
		}
	}
}

// memBacking is a FileCache's store in memory.
type memBacking struct {
	data   []byte
	writes int
}

func (m *memBacking) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(m.data)) {
		return 0, nil
	}
	return copy(p, m.data[off:]), nil
}

func (m *memBacking) WriteAt(p []byte, off int64) (int, error) {
	m.writes++
	return copy(m.data[off:], p), nil
}

// TestFileCache: pages load at first touch, read(2) sees the cache,
// write(2) updates it, write-back writes only dirty pages (clipped to the
// size), the last writable unmap writes back and the last unmap frees.
func TestFileCache(t *testing.T) {
	e := newEnv(t)
	b := &memBacking{data: bytes.Repeat([]byte("f"), P+10)}
	c := NewFileCache(e.mf, int64(len(b.data)))
	c.Mapped(1, false, nil)
	off, err := c.Page(0, b)
	if err != nil || e.mf.Bytes(off, 1)[0] != 'f' {
		t.Fatalf("Page(0) = %#x, %v", off, err)
	}
	if _, err := c.Page(2*P, b); err != unix.EFAULT {
		t.Errorf("page past the end: %v, want EFAULT", err)
	}
	copy(e.mf.Bytes(off, 1), "M")
	got := make([]byte, 4)
	if n, _ := c.Read(got, 0, b); n != 4 || string(got) != "Mfff" {
		t.Errorf("Read through the cache = %q", got[:n])
	}
	b.data[1] = 'w'
	c.Wrote([]byte("w"), 1)
	if e.mf.Bytes(off, 2)[1] != 'w' {
		t.Errorf("Wrote did not reach the cached page")
	}
	// Read-only mapping: nothing dirty, nothing written back.
	if err := c.Writeback(0, P, b); err != nil || b.writes != 0 {
		t.Errorf("write-back with no writable mapping: %v, %d writes", err, b.writes)
	}
	c.Mapped(1, true, b)
	off1, _ := c.Page(P, b)
	copy(e.mf.Bytes(off1, 2), "XY")
	if err := c.Writeback(P, P, b); err != nil || b.writes != 1 || string(b.data[P:P+2]) != "XY" {
		t.Errorf("write-back: %v, %d writes, data %q", err, b.writes, b.data[P:P+2])
	}
	if len(b.data) != P+10 {
		t.Errorf("write-back grew the file to %d", len(b.data))
	}
	copy(e.mf.Bytes(off1, 2), "AB")
	e.wantUsed(t, 2)
	if done, err := c.Mapped(-1, true, b); done || err != nil {
		t.Errorf("last writable unmap: done %v, err %v", done, err)
	}
	// Page 1 (dirty) went back; page 0 (never handed to a writable
	// mapping) did not.
	if string(b.data[P:P+2]) != "AB" || b.data[0] != 'f' {
		t.Errorf("after the last writable unmap the store holds %q and %q", b.data[P:P+2], b.data[:1])
	}
	if done, _ := c.Mapped(-1, false, nil); !done {
		t.Errorf("last unmap: not done")
	}
	e.wantUsed(t, 0)
	c.Truncated(5)
	if c.Size() != 5 {
		t.Errorf("Size after Truncated = %d", c.Size())
	}
}
