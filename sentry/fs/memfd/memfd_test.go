package memfd

import (
	"testing"

	"golang.org/x/sys/unix"

	"husk/sentry/mm"
)

func newMF(t *testing.T) *mm.MemoryFile {
	t.Helper()
	mf, err := mm.NewMemoryFile()
	if err != nil {
		t.Skipf("resource missing: memfd_create (the memory file): %v", err)
	}
	return mf
}

func TestReadWriteTruncate(t *testing.T) {
	mf := newMF(t)
	m := New(mf, "x", true, 0, 0o777, 0, 0)
	if m.FileName() != "/memfd:x (deleted)" {
		t.Errorf("name %q", m.FileName())
	}
	if n, err := m.Write([]byte("hello"), 8190); n != 5 || err != nil {
		t.Fatalf("write across a page boundary: %d %v", n, err)
	}
	if m.Size() != 8195 || len(m.pages) != 2 {
		t.Fatalf("size %d pages %d, want 8195 2", m.Size(), len(m.pages))
	}
	b := make([]byte, 10)
	if n, _ := m.Read(b, 8188); n != 7 || string(b[:7]) != "\x00\x00hello" {
		t.Fatalf("read %d %q", n, b[:n])
	}
	used := mf.Used()
	if err := m.Truncate(10); err != nil {
		t.Fatal(err)
	}
	if len(m.pages) != 0 || mf.Used() != used-2*mm.PageSize {
		t.Fatalf("truncate kept %d pages (used %d -> %d)", len(m.pages), used, mf.Used())
	}
	if err := m.Truncate(MaxSize + 1); err != unix.EFBIG {
		t.Fatalf("huge truncate: %v", err)
	}
}

func TestSeals(t *testing.T) {
	mf := newMF(t)
	if err := New(mf, "n", false, 0, 0o777, 0, 0).AddSeals(SealWrite, true); err != unix.EPERM {
		t.Fatalf("not sealable: %v, want EPERM", err)
	}
	m := New(mf, "s", true, 0, 0o777, 0, 0)
	if err := m.AddSeals(0x100, true); err != unix.EINVAL {
		t.Fatalf("unknown seal: %v", err)
	}
	if err := m.AddSeals(SealGrow, false); err != unix.EPERM {
		t.Fatalf("read-only fd: %v", err)
	}
	m.Write([]byte("abc"), 0)
	m.Mapped(1, true, true)
	if err := m.AddSeals(SealWrite, true); err != unix.EBUSY {
		t.Fatalf("writable map: %v, want EBUSY", err)
	}
	m.Mapped(-1, true, true)
	if err := m.AddSeals(SealWrite|SealShrink|SealGrow, true); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Write([]byte("x"), 0); err != unix.EPERM {
		t.Fatalf("sealed write: %v", err)
	}
	if err := m.Truncate(1); err != unix.EPERM {
		t.Fatalf("sealed shrink: %v", err)
	}
	if err := m.Truncate(100); err != unix.EPERM {
		t.Fatalf("sealed grow: %v", err)
	}
	if !m.WriteSealed() {
		t.Fatal("WriteSealed false")
	}
	// MFD_NOEXEC_SEAL: F_SEAL_EXEC keeps the execute bits as they are.
	x := New(mf, "x", true, SealExec, 0o666, 0, 0)
	if err := x.SetMode(0o755); err != unix.EPERM {
		t.Fatalf("chmod +x under F_SEAL_EXEC: %v", err)
	}
	if err := x.SetMode(0o600); err != nil {
		t.Fatalf("chmod without exec bits: %v", err)
	}
}

// TestPagesOutliveTheFile: released while mapped, the pages stay until
// the last shared vma goes, and a shrink under a mapping only zeroes.
func TestPagesOutliveTheFile(t *testing.T) {
	mf := newMF(t)
	m := New(mf, "p", false, 0, 0o777, 0, 0)
	m.Truncate(2 * mm.PageSize)
	off, err := m.SharedPage(mm.PageSize)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.SharedPage(2 * mm.PageSize); err != unix.EFAULT {
		t.Fatalf("page past the end: %v", err)
	}
	m.Mapped(1, true, true)
	copy(mf.Bytes(off, 4), "data")
	m.Truncate(0)
	if len(m.pages) != 1 || string(mf.Bytes(off, 4)) != "\x00\x00\x00\x00" {
		t.Fatalf("shrink under a mapping: %d pages, %q", len(m.pages), mf.Bytes(off, 4))
	}
	used := mf.Used()
	m.Release()
	if len(m.pages) != 1 || mf.Used() != used {
		t.Fatal("pages freed while mapped")
	}
	m.Mapped(-1, true, true)
	if len(m.pages) != 0 || mf.Used() != used-mm.PageSize {
		t.Fatal("pages not freed after the last mapping")
	}
}
