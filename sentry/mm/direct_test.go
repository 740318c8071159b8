package mm

import (
	"testing"

	"golang.org/x/sys/unix"

	"husk/platform"
)

// TestMapDirect: the vDSO's mappings read the memory file's own pages,
// which no unmap frees, no fork copies, and the app and the sentry never
// write.
func TestMapDirect(t *testing.T) {
	e := newEnv(t)
	off, err := e.mf.Allocate(2)
	if err != nil {
		t.Fatal(err)
	}
	copy(e.mf.Bytes(off, 2*P), "vvar")
	copy(e.mf.Bytes(off+P, 4), "\x7fELF")
	e.wantUsed(t, 2)
	rx := platform.AccessType{Read: true, Execute: true}
	const a = 0x700000
	if _, err := e.m.MapDirect(a, P, platform.Read, true, off, "[vvar]"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.MapDirect(a+P, P, rx, true, off+P, "[vdso]"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "unaligned offset", func() error { _, err := e.m.MapDirect(0, P, rx, false, off+1, "x"); return err }(), unix.EINVAL)
	if string(e.read(t, a, 4)) != "vvar" || string(e.read(t, a+P, 4)) != "\x7fELF" {
		t.Error("reads do not see the memory file's pages")
	}
	e.wantUsed(t, 2) // nothing allocated for them
	copy(e.mf.Bytes(off, 4), "VVAR")
	if string(e.read(t, a, 4)) != "VVAR" {
		t.Error("a later change of the page is not seen")
	}
	_, err = e.m.CopyOut(a, []byte("x"))
	wantErr(t, "write", err, unix.EFAULT)
	wantErr(t, "forced write (ptrace poke)", e.m.ForceCopyOut(a+P, []byte("x")), unix.EFAULT)
	_, err = e.m.AtomicUpdate(a, func(o uint32) uint32 { return o + 1 })
	wantErr(t, "futex write", err, unix.EFAULT)
	wantErr(t, "mprotect write", e.m.MProtect(a, P, platform.ReadWrite), unix.EACCES)
	if err := e.m.MProtect(a, P, platform.NoAccess); err != nil {
		t.Errorf("mprotect none: %v", err)
	}
	if err := e.m.MProtect(a, P, platform.Read); err != nil {
		t.Errorf("mprotect back to read: %v", err)
	}

	// A split keeps each part's offset.
	const two = 0x800000
	if _, err := e.m.MapDirect(two, 2*P, platform.Read, true, off, "[vvar]"); err != nil {
		t.Fatal(err)
	}
	if err := e.m.MProtect(two, P, platform.NoAccess); err != nil {
		t.Fatal(err)
	}
	if string(e.read(t, two+P, 4)) != "\x7fELF" {
		t.Error("the second half of a split direct mapping reads the wrong page")
	}
	if err := e.m.MUnmap(two, 2*P); err != nil {
		t.Fatal(err)
	}

	// A fault maps the file's pages at their offset, with the vma's perms.
	e.as.take()
	if err := e.m.HandleFault(a+P+8, platform.AccessType{Execute: true}); err != nil {
		t.Fatal(err)
	}
	if c := e.as.take(); len(c) != 1 || c[0] != (call{"map", a + P, P, off + P, rx}) {
		t.Errorf("fault: platform calls %v", c)
	}
	wantErr(t, "write fault", e.m.HandleFault(a+P, platform.ReadWrite), unix.EFAULT)

	// Fork shares the pages.
	c, err := e.m.Fork()
	if err != nil {
		t.Fatal(err)
	}
	e.wantUsed(t, 2)
	b := make([]byte, 4)
	if _, err := c.CopyIn(a, b); err != nil || string(b) != "VVAR" {
		t.Errorf("child reads %q, %v", b, err)
	}
	c.Release()
	e.wantUsed(t, 2)

	// Munmap (of part of it) frees nothing.
	if err := e.m.MUnmap(a, P+P/2); err != nil {
		t.Fatal(err)
	}
	e.wantUsed(t, 2)
	if _, err := e.m.CopyIn(a+P, b); err == nil {
		t.Error("read after munmap")
	}
	if string(e.mf.Bytes(off+P, 4)) != "\x7fELF" {
		t.Error("the image was zeroed by the unmap")
	}
}
