package mm

import (
	"testing"

	"golang.org/x/sys/unix"

	"husk/platform"
)

// fakeShared is a SharedFile whose pages are allocated from the memory file.
type fakeShared struct {
	mf        *MemoryFile
	size      int64
	pages     map[int64]int64
	maps      int
	writeMaps int
	private   int
}

func (f *fakeShared) ReadAt(p []byte, off int64) (int, error) {
	for i := range p {
		p[i] = 0
		if o, ok := f.pages[(off+int64(i))/P]; ok {
			p[i] = f.mf.Bytes(o+(off+int64(i))%P, 1)[0]
		}
	}
	return len(p), nil
}
func (f *fakeShared) Size() int64 { return f.size }
func (f *fakeShared) SharedPage(off int64) (int64, error) {
	if off >= f.size {
		return 0, unix.EFAULT
	}
	if o, ok := f.pages[off/P]; ok {
		return o, nil
	}
	o, err := f.mf.Allocate(1)
	if err != nil {
		return 0, err
	}
	f.pages[off/P] = o
	return o, nil
}
func (f *fakeShared) Mapped(delta int, shared, writable bool) {
	if !shared {
		f.private += delta
		return
	}
	f.maps += delta
	if writable {
		f.writeMaps += delta
	}
}

var _ SharedFile = (*fakeShared)(nil)

func TestSharedFileMapping(t *testing.T) {
	e := newEnv(t)
	f := &fakeShared{mf: e.mf, size: 2 * P, pages: map[int64]int64{}}
	a, err := e.m.MMap(MapOpts{Length: 3 * P, Perms: platform.ReadWrite, Shared: true, File: f})
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.m.MMap(MapOpts{Length: P, Perms: platform.ReadWrite, Shared: true, File: f, Offset: P})
	if err != nil {
		t.Fatal(err)
	}
	if f.maps != 2 || f.writeMaps != 2 {
		t.Fatalf("maps %d write %d, want 2 2", f.maps, f.writeMaps)
	}
	// A store through one mapping is the file's page, seen through the other.
	if _, err := e.m.CopyOut(a+P+5, []byte("hi")); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 2)
	if _, err := e.m.CopyIn(b+5, got); err != nil || string(got) != "hi" {
		t.Fatalf("through the second mapping: %q %v", got, err)
	}
	if string(e.mf.Bytes(f.pages[1]+5, 2)) != "hi" {
		t.Fatal("the store did not reach the file's page")
	}
	// Shared pages are never the MM's own.
	if len(e.m.pages) != 0 {
		t.Fatalf("MM.pages holds %d pages, want 0", len(e.m.pages))
	}
	// A fault maps the file's page itself; past the end it is EFAULT.
	e.as.take()
	if err := e.m.HandleFault(a, platform.Read); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range e.as.take() {
		if c.op == "map" && c.addr <= a+P && a+P < c.addr+c.length {
			found = true
			if got := c.off + int64(a+P-c.addr); got != f.pages[1] {
				t.Errorf("page 1 mapped from %#x, want %#x", got, f.pages[1])
			}
		}
	}
	if !found {
		t.Error("the fault did not map page 1 (fault-around)")
	}
	if err := e.m.HandleFault(a+2*P, platform.Read); err != ErrBus {
		t.Fatalf("fault past the end: %v, want ErrBus", err)
	}
	if _, err := e.m.CopyIn(a+2*P, got); err != unix.EFAULT {
		t.Fatalf("copy past the end: %v, want EFAULT", err)
	}
	// Splitting and forking count vmas; unmapping uncounts them.
	if err := e.m.MUnmap(a+P, P); err != nil {
		t.Fatal(err)
	}
	if f.maps != 3 {
		t.Fatalf("after a split unmap: %d vmas, want 3", f.maps)
	}
	c, err := e.m.Fork()
	if err != nil {
		t.Fatal(err)
	}
	if f.maps != 6 {
		t.Fatalf("after fork: %d vmas, want 6", f.maps)
	}
	if _, err := c.CopyIn(b+5, got); err != nil || string(got) != "hi" {
		t.Fatalf("child sees %q %v", got, err)
	}
	c.Release()
	e.m.Release()
	if f.maps != 0 || f.writeMaps != 0 {
		t.Fatalf("after release: maps %d write %d, want 0 0", f.maps, f.writeMaps)
	}
	// A read-only shared mapping is not counted as writable.
	if _, err := e.m.MMap(MapOpts{Length: P, Perms: platform.Read, MaxPerms: platform.Read, Shared: true, File: f}); err != nil {
		t.Fatal(err)
	}
	if f.maps != 1 || f.writeMaps != 0 {
		t.Fatalf("read-only map: maps %d write %d, want 1 0", f.maps, f.writeMaps)
	}
	// MAP_PRIVATE of the same file takes private pages.
	p, err := e.m.MMap(MapOpts{Length: P, Perms: platform.ReadWrite, File: f, Offset: P})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.CopyOut(p+5, []byte("PR")); err != nil {
		t.Fatal(err)
	}
	if string(e.mf.Bytes(f.pages[1]+5, 2)) != "hi" || f.maps != 1 || f.private != 1 {
		t.Fatalf("a private mapping wrote the file or was miscounted (shared %d, private %d)", f.maps, f.private)
	}
}
