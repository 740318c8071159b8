package mm

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"

	"golang.org/x/sys/unix"

	"husk/platform"
)

const (
	fakeMin = 0x10000
	fakeMax = 0x7fffffffe000
	P       = PageSize
)

// call is one AddressSpace call the fake saw.
type call struct {
	op     string // "map" or "unmap"
	addr   uintptr
	length uintptr
	off    int64
	at     platform.AccessType
}

func (c call) String() string {
	if c.op == "unmap" {
		return fmt.Sprintf("unmap(%#x, %#x)", c.addr, c.length)
	}
	return fmt.Sprintf("map(%#x, %#x, off %#x, %v)", c.addr, c.length, c.off, c.at)
}

// fakeAS records MapFile and Unmap and checks their preconditions.
type fakeAS struct {
	t        *testing.T
	mu       sync.Mutex
	calls    []call
	released bool
}

var _ platform.AddressSpace = (*fakeAS)(nil)

func (a *fakeAS) MapFile(addr, length uintptr, offset int64, at platform.AccessType) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if addr%P != 0 || length%P != 0 || offset%P != 0 || length == 0 || addr < fakeMin || addr+length > fakeMax {
		a.t.Errorf("MapFile(%#x, %#x, %#x): precondition broken", addr, length, offset)
	}
	a.calls = append(a.calls, call{"map", addr, length, offset, at})
	return nil
}

func (a *fakeAS) Unmap(addr, length uintptr) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls = append(a.calls, call{op: "unmap", addr: addr, length: length})
}

func (a *fakeAS) Release() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.released = true
}

// take returns the calls since the last take.
func (a *fakeAS) take() []call {
	a.mu.Lock()
	defer a.mu.Unlock()
	c := a.calls
	a.calls = nil
	return c
}

type fakePlatform struct {
	t  *testing.T
	as *fakeAS
}

var _ platform.Platform = (*fakePlatform)(nil)

func (p *fakePlatform) Name() string            { return "fake" }
func (p *fakePlatform) MinUserAddress() uintptr { return fakeMin }
func (p *fakePlatform) MaxUserAddress() uintptr { return fakeMax }
func (p *fakePlatform) NewAddressSpace() (platform.AddressSpace, error) {
	p.as = &fakeAS{t: p.t}
	return p.as, nil
}
func (p *fakePlatform) NewContext() (platform.Context, error) { return nil, unix.ENOSYS }

// fakeFile is a file mapping's backing: its contents, or an error to return.
type fakeFile struct {
	data []byte
	err  error
}

func (f *fakeFile) ReadAt(p []byte, off int64) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if off >= int64(len(f.data)) {
		return 0, io.EOF
	}
	n := copy(p, f.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (f *fakeFile) Size() int64 { return int64(len(f.data)) }

type env struct {
	m  *MM
	mf *MemoryFile
	as *fakeAS
}

func newEnv(t *testing.T) *env {
	t.Helper()
	mf, err := NewMemoryFile()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		unix.Munmap(mf.mapping)
		unix.Close(mf.fd)
	})
	p := &fakePlatform{t: t}
	m, err := New(mf, p)
	if err != nil {
		t.Fatal(err)
	}
	return &env{m: m, mf: mf, as: p.as}
}

func (e *env) mmap(t *testing.T, o MapOpts) uintptr {
	t.Helper()
	a, err := e.m.MMap(o)
	if err != nil {
		t.Fatalf("MMap(%+v): %v", o, err)
	}
	return a
}

func (e *env) write(t *testing.T, addr uintptr, b []byte) {
	t.Helper()
	if n, err := e.m.CopyOut(addr, b); err != nil || n != len(b) {
		t.Fatalf("CopyOut(%#x, %d bytes) = %d, %v", addr, len(b), n, err)
	}
}

func (e *env) read(t *testing.T, addr uintptr, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if got, err := e.m.CopyIn(addr, b); err != nil || got != n {
		t.Fatalf("CopyIn(%#x, %d) = %d, %v", addr, n, got, err)
	}
	return b
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: err = %v, want %v", what, err, want)
	}
}

func (e *env) wantUsed(t *testing.T, pages int) {
	t.Helper()
	if got := e.mf.Used(); got != int64(pages)*P {
		t.Errorf("MemoryFile.Used = %d pages, want %d", got/P, pages)
	}
}

func TestMMapAnonPlacement(t *testing.T) {
	e := newEnv(t)
	base := e.m.mmapBase
	if base != fakeMax&^(P-1)-128<<20 {
		t.Fatalf("mmapBase = %#x", base)
	}
	// A free hint is honoured (rounded down to a page).
	if a := e.mmap(t, MapOpts{Addr: 0x400000 + 123, Length: 3 * P, Perms: platform.ReadWrite}); a != 0x400000 {
		t.Errorf("free hint: got %#x, want 0x400000", a)
	}
	// A taken hint is not: the mapping goes top-down below mmapBase.
	a1 := e.mmap(t, MapOpts{Addr: 0x401000, Length: 2*P + 1, Perms: platform.ReadWrite})
	if a1 != base-3*P {
		t.Errorf("taken hint: got %#x, want %#x (just below mmapBase, length rounded up)", a1, base-3*P)
	}
	a2 := e.mmap(t, MapOpts{Length: P, Perms: platform.Read})
	if a2 != a1-P {
		t.Errorf("second top-down: got %#x, want %#x", a2, a1-P)
	}
	// A hole left by munmap is reused top-down.
	if err := e.m.MUnmap(a1, 3*P); err != nil {
		t.Fatal(err)
	}
	if a := e.mmap(t, MapOpts{Length: 2 * P}); a != base-2*P {
		t.Errorf("after munmap: got %#x, want %#x", a, base-2*P)
	}
	// Too big for the space below mmapBase.
	_, err := e.m.MMap(MapOpts{Length: base})
	wantErr(t, "huge mapping", err, unix.ENOMEM)
	_, err = e.m.MMap(MapOpts{Length: 0})
	wantErr(t, "zero length", err, unix.ENOMEM)
	_, err = e.m.MMap(MapOpts{Length: ^uintptr(0) - 10})
	wantErr(t, "length that overflows when rounded", err, unix.ENOMEM)
	if c := e.as.take(); len(c) != 1 || c[0].op != "unmap" {
		// Only the munmap of a vma is the platform's business; mmap maps lazily.
		t.Errorf("platform calls = %v, want one unmap", c)
	}
}

func TestMMapFixed(t *testing.T) {
	e := newEnv(t)
	const a = 0x500000
	e.mmap(t, MapOpts{Addr: a, Length: 4 * P, Fixed: true, Perms: platform.ReadWrite})
	e.write(t, a, bytes.Repeat([]byte{'x'}, 4*P))
	e.wantUsed(t, 4)
	e.as.take()
	// Fixed replaces page 1 of the four: it reads as zero, its neighbours keep their data.
	if got := e.mmap(t, MapOpts{Addr: a + P, Length: P, Fixed: true, Perms: platform.ReadWrite}); got != a+P {
		t.Fatalf("fixed got %#x", got)
	}
	e.wantUsed(t, 3)
	if c := e.as.take(); len(c) != 1 || c[0] != (call{op: "unmap", addr: a + P, length: P}) {
		t.Errorf("platform calls = %v, want unmap(%#x, %#x)", c, a+P, P)
	}
	if b := e.read(t, a+P, P); !bytes.Equal(b, make([]byte, P)) {
		t.Error("replaced page is not zero")
	}
	if b := e.read(t, a, P); b[0] != 'x' || b[P-1] != 'x' {
		t.Error("page before the replaced one lost its data")
	}
	if b := e.read(t, a+2*P, 2*P); !bytes.Equal(b, bytes.Repeat([]byte{'x'}, 2*P)) {
		t.Error("pages after the replaced one lost their data")
	}
	_, err := e.m.MMap(MapOpts{Addr: a + 3*P, Length: 2 * P, Fixed: true, NoReplace: true})
	wantErr(t, "NoReplace over a mapping", err, unix.EEXIST)
	if b := e.read(t, a+3*P, 1); b[0] != 'x' {
		t.Error("failed NoReplace changed the mapping")
	}
	if got := e.mmap(t, MapOpts{Addr: a + 4*P, Length: P, Fixed: true, NoReplace: true}); got != a+4*P {
		t.Errorf("NoReplace into a free range: %#x", got)
	}
	for _, c := range []struct {
		name string
		o    MapOpts
		want error
	}{
		{"unaligned", MapOpts{Addr: a + 1, Length: P, Fixed: true}, unix.EINVAL},
		{"below MinUserAddress", MapOpts{Addr: fakeMin - P, Length: P, Fixed: true}, unix.EPERM},
		{"at zero", MapOpts{Addr: 0, Length: P, Fixed: true}, unix.EPERM},
		{"past MaxUserAddress", MapOpts{Addr: fakeMax - P, Length: 2 * P, Fixed: true}, unix.ENOMEM},
		{"wrapping", MapOpts{Addr: ^uintptr(0) &^ (P - 1), Length: 2 * P, Fixed: true}, unix.ENOMEM},
	} {
		_, err := e.m.MMap(c.o)
		wantErr(t, c.name, err, c.want)
	}
	if got := e.mmap(t, MapOpts{Addr: fakeMax - P, Length: P, Fixed: true}); got != fakeMax-P {
		t.Errorf("last page: %#x", got)
	}
}

func TestMUnmapSplitsAndFrees(t *testing.T) {
	e := newEnv(t)
	const a = 0x600000
	e.mmap(t, MapOpts{Addr: a, Length: 3 * P, Fixed: true, Perms: platform.ReadWrite})
	e.write(t, a, []byte("first"))
	e.write(t, a+P, []byte("middle"))
	e.write(t, a+2*P, []byte("last"))
	e.wantUsed(t, 3)
	e.as.take()
	if err := e.m.MUnmap(a+P, 1); err != nil { // length rounds up to a page
		t.Fatal(err)
	}
	e.wantUsed(t, 2)
	if c := e.as.take(); len(c) != 1 || c[0] != (call{op: "unmap", addr: a + P, length: P}) {
		t.Errorf("platform calls = %v", c)
	}
	if len(e.m.vmas) != 2 || e.m.vmas[0].end != a+P || e.m.vmas[1].start != a+2*P {
		t.Errorf("vmas after split: %d", len(e.m.vmas))
	}
	if string(e.read(t, a, 5)) != "first" || string(e.read(t, a+2*P, 4)) != "last" {
		t.Error("neighbours of the hole lost their data")
	}
	n, err := e.m.CopyIn(a+P, make([]byte, 1))
	wantErr(t, "read in the hole", err, unix.EFAULT)
	if n != 0 {
		t.Errorf("read in the hole copied %d", n)
	}
	// Unmapping nothing succeeds and tells the platform nothing.
	if err := e.m.MUnmap(0x900000, P); err != nil {
		t.Errorf("munmap of a hole: %v", err)
	}
	if c := e.as.take(); len(c) != 0 {
		t.Errorf("munmap of a hole: platform calls %v", c)
	}
	wantErr(t, "unaligned", e.m.MUnmap(a+1, P), unix.EINVAL)
	wantErr(t, "zero length", e.m.MUnmap(a, 0), unix.EINVAL)
	wantErr(t, "past TaskSize", e.m.MUnmap(0x7ffffffff000, 2*P), unix.EINVAL)
	wantErr(t, "wrapping", e.m.MUnmap(^uintptr(0)&^(P-1), 2*P), unix.EINVAL)
	// One munmap across both remaining vmas and the hole.
	if err := e.m.MUnmap(a, 3*P); err != nil {
		t.Fatal(err)
	}
	e.wantUsed(t, 0)
	if len(e.m.vmas) != 0 {
		t.Errorf("%d vmas left", len(e.m.vmas))
	}
}

func TestMProtect(t *testing.T) {
	e := newEnv(t)
	const a = 0x700000
	e.mmap(t, MapOpts{Addr: a, Length: 3 * P, Fixed: true, Perms: platform.ReadWrite})
	e.mmap(t, MapOpts{Addr: a + 4*P, Length: P, Fixed: true, Perms: platform.Read, MaxPerms: platform.Read})
	// A hole in the range: ENOMEM, and nothing changed.
	wantErr(t, "hole", e.m.MProtect(a, 5*P, platform.Read), unix.ENOMEM)
	e.write(t, a, []byte{1})
	// Beyond the mapping's maximum: EACCES.
	wantErr(t, "beyond MaxPerms", e.m.MProtect(a+4*P, P, platform.ReadWrite), unix.EACCES)
	wantErr(t, "unaligned", e.m.MProtect(a+1, P, platform.Read), unix.EINVAL)
	wantErr(t, "wrapping", e.m.MProtect(^uintptr(0)&^(P-1), 2*P, platform.Read), unix.ENOMEM)
	if err := e.m.MProtect(a, 0, platform.NoAccess); err != nil {
		t.Errorf("zero length: %v", err)
	}
	e.as.take()
	// Read-only middle page: the vma splits in three.
	if err := e.m.MProtect(a+P, P, platform.Read); err != nil {
		t.Fatal(err)
	}
	if len(e.m.vmas) != 4 {
		t.Errorf("%d vmas after a split, want 4", len(e.m.vmas))
	}
	if c := e.as.take(); len(c) != 1 || c[0] != (call{op: "unmap", addr: a + P, length: P}) {
		t.Errorf("platform calls = %v", c)
	}
	n, err := e.m.CopyOut(a+P-2, []byte{9, 9, 9, 9})
	wantErr(t, "write across into the read-only page", err, unix.EFAULT)
	if n != 2 {
		t.Errorf("write stopped after %d bytes, want 2", n)
	}
	e.write(t, a+2*P, []byte{2})
	// A fault after mprotect maps the page with the new permissions.
	wantErr(t, "write fault on the read-only page", e.m.HandleFault(a+P, platform.AccessType{Write: true}), unix.EFAULT)
	if err := e.m.HandleFault(a+P, platform.Read); err != nil {
		t.Fatal(err)
	}
	// Fault-around stays inside the faulting vma, which is one page now.
	if c := e.as.take(); len(c) != 1 || c[0].op != "map" || c[0].addr != a+P || c[0].length != P || c[0].at != platform.Read {
		t.Errorf("platform calls = %v, want one read-only map of %#x", c, a+P)
	}
	// Back to read-write: the same page becomes writable.
	if err := e.m.MProtect(a, 3*P, platform.ReadWrite); err != nil {
		t.Fatal(err)
	}
	e.write(t, a+P, []byte{3})
}

func TestBrk(t *testing.T) {
	e := newEnv(t)
	const start = 0x800010 // the loader's break need not be page-aligned
	e.m.SetBrk(start)
	if got := e.m.Brk(0); got != start {
		t.Errorf("Brk(0) = %#x, want the current break %#x", got, start)
	}
	if got := e.m.Brk(start - 1); got != start {
		t.Errorf("Brk below start = %#x, want %#x unchanged", got, start)
	}
	// Grow by three pages and a bit: the heap starts at the page after start.
	top := uintptr(start + 3*P + 100)
	if got := e.m.Brk(top); got != top {
		t.Fatalf("grow: Brk = %#x, want %#x", got, top)
	}
	e.write(t, 0x801000, []byte("heap"))
	// The heap is whole pages from the page after start up to top rounded up.
	e.write(t, 0x803fff, []byte{1})
	if _, err := e.m.CopyOut(0x804000, []byte{1}); !errors.Is(err, unix.EFAULT) {
		t.Errorf("write past the heap's last page: %v, want EFAULT", err)
	}
	// Growing again extends the same vma.
	top2 := uintptr(0x807000)
	if got := e.m.Brk(top2); got != top2 {
		t.Fatalf("second grow: %#x", got)
	}
	if len(e.m.vmas) != 1 || e.m.vmas[0].start != 0x801000 || e.m.vmas[0].end != top2 || e.m.vmas[0].name != "[heap]" {
		t.Errorf("heap vmas: %d, first %+v", len(e.m.vmas), *e.m.vmas[0])
	}
	e.wantUsed(t, 2)
	// Shrink to one page: the rest is unmapped and freed.
	if got := e.m.Brk(0x801001); got != 0x801001 {
		t.Fatalf("shrink: %#x", got)
	}
	e.wantUsed(t, 1)
	if string(e.read(t, 0x801000, 4)) != "heap" {
		t.Error("shrink lost the kept page")
	}
	if _, err := e.m.CopyIn(0x802000, make([]byte, 1)); !errors.Is(err, unix.EFAULT) {
		t.Errorf("read of a released heap page: %v, want EFAULT", err)
	}
	// A mapping in the way refuses growth.
	e.mmap(t, MapOpts{Addr: 0x810000, Length: P, Fixed: true, Perms: platform.ReadWrite})
	if got := e.m.Brk(0x811000); got != 0x801001 {
		t.Errorf("grow over a mapping = %#x, want unchanged 0x801001", got)
	}
	if got := e.m.Brk(e.m.mmapBase + P); got != 0x801001 {
		t.Errorf("grow past mmapBase = %#x, want unchanged", got)
	}
}

func TestCopyPagesAndFaults(t *testing.T) {
	e := newEnv(t)
	const a = 0x900000
	e.mmap(t, MapOpts{Addr: a, Length: 2 * P, Fixed: true, Perms: platform.ReadWrite})
	msg := make([]byte, 300)
	for i := range msg {
		msg[i] = byte(i)
	}
	e.write(t, a+P-150, msg)
	if got := e.read(t, a+P-150, len(msg)); !bytes.Equal(got, msg) {
		t.Error("copy across a page boundary did not round-trip")
	}
	if got := e.read(t, a, 2*P); !bytes.Equal(got[P-150:P+150], msg) || got[0] != 0 || got[2*P-1] != 0 {
		t.Error("bytes outside the copy changed")
	}
	// Partial copies stop at the first bad page and report the good prefix.
	buf := make([]byte, 100)
	n, err := e.m.CopyIn(a+2*P-40, buf)
	wantErr(t, "read into the unmapped page", err, unix.EFAULT)
	if n != 40 {
		t.Errorf("read returned %d bytes before the bad page, want 40", n)
	}
	n, err = e.m.CopyOut(a+2*P-10, buf)
	wantErr(t, "write into the unmapped page", err, unix.EFAULT)
	if n != 10 {
		t.Errorf("write returned %d bytes before the bad page, want 10", n)
	}
	for _, bad := range []uintptr{0, fakeMin, a - 1, a + 2*P, ^uintptr(0) - 5} {
		if n, err := e.m.CopyIn(bad, buf); !errors.Is(err, unix.EFAULT) || (bad != a-1 && n != 0) {
			t.Errorf("CopyIn(%#x) = %d, %v, want EFAULT", bad, n, err)
		}
	}
	// Permissions: read-only refuses CopyOut but not ForceCopyOut; write-only
	// and no-access refuse CopyIn.
	ro := e.mmap(t, MapOpts{Length: P, Perms: platform.Read})
	if n, err := e.m.CopyOut(ro, []byte("x")); !errors.Is(err, unix.EFAULT) || n != 0 {
		t.Errorf("CopyOut to read-only = %d, %v, want EFAULT", n, err)
	}
	if err := e.m.ForceCopyOut(ro, []byte("forced")); err != nil {
		t.Errorf("ForceCopyOut: %v", err)
	}
	if string(e.read(t, ro, 6)) != "forced" {
		t.Error("ForceCopyOut's bytes are not there")
	}
	if err := e.m.ForLoader().CopyOut(ro+8, []byte("L")); err != nil {
		t.Errorf("loader view CopyOut: %v", err)
	}
	if err := e.m.ForceCopyOut(ro+P, []byte("x")); !errors.Is(err, unix.EFAULT) {
		t.Errorf("ForceCopyOut to no mapping: %v, want EFAULT", err)
	}
	none := e.mmap(t, MapOpts{Length: P, Perms: platform.NoAccess})
	if _, err := e.m.CopyIn(none, buf[:1]); !errors.Is(err, unix.EFAULT) {
		t.Errorf("CopyIn from PROT_NONE: %v", err)
	}
	wo := e.mmap(t, MapOpts{Length: P, Perms: platform.AccessType{Write: true}})
	if _, err := e.m.CopyIn(wo, buf[:1]); !errors.Is(err, unix.EFAULT) {
		t.Errorf("CopyIn from write-only: %v", err)
	}
	// CheckRange agrees with the copies.
	wantErr(t, "CheckRange over the end", e.m.CheckRange(a, 2*P+1, false), unix.EFAULT)
	wantErr(t, "CheckRange write on read-only", e.m.CheckRange(ro, 1, true), unix.EFAULT)
	if err := e.m.CheckRange(a, 2*P, true); err != nil {
		t.Errorf("CheckRange of a good range: %v", err)
	}
}

func TestCopyInString(t *testing.T) {
	e := newEnv(t)
	const a = 0xa00000
	e.mmap(t, MapOpts{Addr: a, Length: 2 * P, Fixed: true, Perms: platform.ReadWrite})
	e.write(t, a, []byte("hello\x00world"))
	if s, err := e.m.CopyInString(a, 255); err != nil || s != "hello" {
		t.Errorf("CopyInString = %q, %v", s, err)
	}
	if s, err := e.m.CopyInString(a+5, 255); err != nil || s != "" {
		t.Errorf("empty string = %q, %v", s, err)
	}
	// Exactly max bytes is fine; one more is ENAMETOOLONG, however the NUL
	// falls relative to the internal chunks.
	for _, max := range []int{3, 5, 255, 256, 300, 1000} {
		e.write(t, a+P, append(bytes.Repeat([]byte{'a'}, max), 0))
		if s, err := e.m.CopyInString(a+P, max); err != nil || len(s) != max {
			t.Errorf("max %d: string of max bytes: len %d, %v", max, len(s), err)
		}
		if _, err := e.m.CopyInString(a+P, max-1); !errors.Is(err, unix.ENAMETOOLONG) {
			t.Errorf("max %d: string of max+1 bytes: %v, want ENAMETOOLONG", max-1, err)
		}
	}
	// A string that ends right before an unmapped page is fine.
	e.write(t, a+2*P-4, []byte("end\x00"))
	if s, err := e.m.CopyInString(a+2*P-4, 100); err != nil || s != "end" {
		t.Errorf("string at the end of the mapping = %q, %v", s, err)
	}
	// Running into the unmapped page without a NUL is EFAULT.
	e.write(t, a+2*P-4, []byte("endx"))
	if _, err := e.m.CopyInString(a+2*P-4, 100); !errors.Is(err, unix.EFAULT) {
		t.Errorf("unterminated at the end of the mapping: %v, want EFAULT", err)
	}
	if _, err := e.m.CopyInString(0x10, 100); !errors.Is(err, unix.EFAULT) {
		t.Errorf("unmapped: %v, want EFAULT", err)
	}
}

func TestHandleFault(t *testing.T) {
	e := newEnv(t)
	const a = 0xb00000 // 64 KiB aligned: fault-around windows start on it
	e.mmap(t, MapOpts{Addr: a, Length: 20 * P, Fixed: true, Perms: platform.ReadWrite})
	if err := e.m.HandleFault(a+5*P+7, platform.AccessType{Write: true}); err != nil {
		t.Fatal(err)
	}
	c := e.as.take()
	if len(c) != 1 || c[0].op != "map" || c[0].addr != a || c[0].length != faultAround*P || c[0].at != platform.ReadWrite {
		t.Fatalf("first fault: platform calls %v, want one rw map of %d pages at %#x", c, faultAround, a)
	}
	e.wantUsed(t, faultAround)
	// The same page again: mapped already, so the app must get SIGSEGV.
	wantErr(t, "fault on a mapped page", e.m.HandleFault(a+5*P, platform.Read), unix.EFAULT)
	// The next window is clipped to the vma's end; a page CopyOut made present
	// keeps its contents when it is mapped.
	e.write(t, a+17*P, []byte("keep"))
	if err := e.m.HandleFault(a+19*P, platform.Read); err != nil {
		t.Fatal(err)
	}
	e.wantUsed(t, 20)
	var mapped uintptr
	for _, c := range e.as.take() {
		if c.op != "map" || c.addr < a+16*P || c.addr+c.length > a+20*P || c.at != platform.ReadWrite {
			t.Errorf("second fault: unexpected %v", c)
		}
		mapped += c.length
	}
	if mapped != 4*P {
		t.Errorf("second fault mapped %d pages, want 4", mapped/P)
	}
	if string(e.read(t, a+17*P, 4)) != "keep" {
		t.Error("populating lost a present page's data")
	}
	wantErr(t, "no vma", e.m.HandleFault(a+20*P, platform.Read), unix.EFAULT)
	wantErr(t, "no vma below", e.m.HandleFault(a-1, platform.Read), unix.EFAULT)
	ro := e.mmap(t, MapOpts{Length: P, Perms: platform.Read})
	wantErr(t, "write to read-only", e.m.HandleFault(ro, platform.AccessType{Write: true}), unix.EFAULT)
	wantErr(t, "exec of non-exec", e.m.HandleFault(ro, platform.AccessType{Execute: true}), unix.EFAULT)
	none := e.mmap(t, MapOpts{Length: P, Perms: platform.NoAccess})
	wantErr(t, "any access to PROT_NONE", e.m.HandleFault(none, platform.NoAccess), unix.EFAULT)
	if c := e.as.take(); len(c) != 0 {
		t.Errorf("refused faults made platform calls: %v", c)
	}
	if err := e.m.HandleFault(ro, platform.Read); err != nil {
		t.Errorf("read of read-only: %v", err)
	}
	if c := e.as.take(); len(c) != 1 || c[0].at != platform.Read || c[0].addr != ro || c[0].length != P {
		t.Errorf("read-only fault: calls %v", c)
	}
}

func TestFileMapping(t *testing.T) {
	e := newEnv(t)
	data := make([]byte, P+P/2)
	for i := range data {
		data[i] = byte(i*7 + 1)
	}
	f := &fakeFile{data: data}
	a := e.mmap(t, MapOpts{Length: 3 * P, Perms: platform.ReadWrite, File: f})
	got := e.read(t, a, 3*P)
	if !bytes.Equal(got[:len(data)], data) {
		t.Error("file mapping does not read the file's contents")
	}
	if !bytes.Equal(got[len(data):], make([]byte, 3*P-len(data))) {
		t.Error("file mapping past EOF is not zero")
	}
	// At an offset, through a fault.
	b := e.mmap(t, MapOpts{Length: 2 * P, Perms: platform.Read, File: f, Offset: P})
	if err := e.m.HandleFault(b, platform.Read); err != nil {
		t.Fatal(err)
	}
	got = e.read(t, b, 2*P)
	if !bytes.Equal(got[:P/2], data[P:]) || !bytes.Equal(got[P/2:], make([]byte, P+P/2)) {
		t.Error("file mapping at offset P reads the wrong bytes")
	}
	// A split keeps each half's file offset.
	if err := e.m.MProtect(a+P, P, platform.Read); err != nil {
		t.Fatal(err)
	}
	e.m.MAdviseDontNeed(a, 3*P)
	if got := e.read(t, a+P, P/2); !bytes.Equal(got, data[P:]) {
		t.Error("after a split, the second half reads the wrong file offset")
	}
	// Private writes do not reach the file; MADV_DONTNEED reads it again.
	e.write(t, a, []byte("private"))
	if bytes.HasPrefix(data, []byte("private")) {
		t.Fatal("a private write reached the file")
	}
	if err := e.m.MAdviseDontNeed(a, P); err != nil {
		t.Fatal(err)
	}
	if got := e.read(t, a, 7); !bytes.Equal(got, data[:7]) {
		t.Errorf("after MADV_DONTNEED: %q, want the file's bytes", got)
	}
	// A read error is EIO for the fault and EFAULT for a copy.
	bad := &fakeFile{data: data, err: errors.New("disk on fire")}
	c := e.mmap(t, MapOpts{Length: P, Perms: platform.Read, File: bad})
	wantErr(t, "fault on a failing file", e.m.HandleFault(c, platform.Read), unix.EIO)
	if _, err := e.m.CopyIn(c, make([]byte, 1)); !errors.Is(err, unix.EFAULT) {
		t.Errorf("copy from a failing file: %v, want EFAULT", err)
	}
}

func TestMAdviseDontNeedAnon(t *testing.T) {
	e := newEnv(t)
	a := e.mmap(t, MapOpts{Length: 3 * P, Perms: platform.ReadWrite})
	e.write(t, a, bytes.Repeat([]byte{0xaa}, 3*P))
	e.wantUsed(t, 3)
	e.as.take()
	if err := e.m.MAdviseDontNeed(a+P, P); err != nil {
		t.Fatal(err)
	}
	e.wantUsed(t, 2)
	if c := e.as.take(); len(c) != 1 || c[0] != (call{op: "unmap", addr: a + P, length: P}) {
		t.Errorf("platform calls %v", c)
	}
	got := e.read(t, a, 3*P)
	if !bytes.Equal(got[P:2*P], make([]byte, P)) {
		t.Error("MADV_DONTNEED page does not read as zero")
	}
	if got[0] != 0xaa || got[2*P] != 0xaa {
		t.Error("MADV_DONTNEED changed neighbouring pages")
	}
	wantErr(t, "unaligned", e.m.MAdviseDontNeed(a+1, P), unix.EINVAL)
	wantErr(t, "past the mapping", e.m.MAdviseDontNeed(a, 4*P), unix.ENOMEM)
	wantErr(t, "MAdviseCheckMapped past the mapping", e.m.MAdviseCheckMapped(a, 3*P+1), unix.ENOMEM)
	if err := e.m.MAdviseCheckMapped(a, 3*P); err != nil {
		t.Errorf("MAdviseCheckMapped: %v", err)
	}
}

func TestRelease(t *testing.T) {
	e := newEnv(t)
	a := e.mmap(t, MapOpts{Length: 8 * P, Perms: platform.ReadWrite})
	if err := e.m.HandleFault(a, platform.Read); err != nil {
		t.Fatal(err)
	}
	if e.mf.Used() == 0 {
		t.Fatal("nothing allocated")
	}
	e.m.Release()
	e.wantUsed(t, 0)
	if !e.as.released {
		t.Error("the platform address space was not released")
	}
	// Freed pages are reused, and zero.
	e2 := &env{mf: e.mf}
	m2, err := New(e.mf, &fakePlatform{t: t})
	if err != nil {
		t.Fatal(err)
	}
	e2.m = m2
	b := e2.mmap(t, MapOpts{Length: P, Perms: platform.ReadWrite})
	if got := e2.read(t, b, P); !bytes.Equal(got, make([]byte, P)) {
		t.Error("a reused page is not zero")
	}
	e2.wantUsed(t, 1)
}

// TestConcurrent runs copies, faults and mapping changes from several
// goroutines; run under -race.
func TestConcurrent(t *testing.T) {
	e := newEnv(t)
	const workers = 8
	base := e.mmap(t, MapOpts{Length: workers * 16 * P, Perms: platform.ReadWrite})
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			a := base + uintptr(w)*16*P
			for i := 0; i < 50; i++ {
				msg := []byte(fmt.Sprintf("worker %d round %d", w, i))
				if _, err := e.m.CopyOut(a+P-5, msg); err != nil {
					t.Error(err)
					return
				}
				got := make([]byte, len(msg))
				if _, err := e.m.CopyIn(a+P-5, got); err != nil || !bytes.Equal(got, msg) {
					t.Errorf("worker %d: read %q, %v", w, got, err)
					return
				}
				e.m.HandleFault(a+3*P, platform.Read)
				if err := e.m.MAdviseDontNeed(a+8*P, 8*P); err != nil {
					t.Error(err)
					return
				}
				x := e.m.Brk(0)
				_ = x
			}
		}(w)
	}
	wg.Wait()
}
