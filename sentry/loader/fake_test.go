package loader

import (
	"io"
	"os"
	"testing"

	"golang.org/x/sys/unix"

	"husk/platform"
)

// bytesFile is a File over a byte slice.
type bytesFile struct {
	b       []byte
	readErr error // returned by every ReadAt when set
}

func (f *bytesFile) ReadAt(p []byte, off int64) (int, error) {
	if f.readErr != nil {
		return 0, f.readErr
	}
	if off < 0 {
		return 0, unix.EINVAL
	}
	if off >= int64(len(f.b)) {
		return 0, io.EOF
	}
	n := copy(p, f.b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (f *bytesFile) Size() int64 { return int64(len(f.b)) }

func hostFile(t *testing.T, path string) *bytesFile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return &bytesFile{b: b}
}

type fpage struct {
	data *[PageSize]byte // nil: all zero
	prot platform.AccessType
}

type memCall struct {
	op     string // "file", "anon", "stack", "copyout", "brk"
	addr   uintptr
	length uintptr
	prot   platform.AccessType
	fixed  bool
	off    int64
}

// fakeMem is a Memory that keeps pages in a map and records every call.
type fakeMem struct {
	t        *testing.T
	pages    map[uintptr]*fpage
	calls    []memCall
	mmapTop  uintptr
	brk      uintptr
	brkCalls int
	stackTop uintptr
	stackLen uintptr
}

var _ Memory = (*fakeMem)(nil)

const fakeStackTop = TaskSize

func newFakeMem(t *testing.T) *fakeMem {
	return &fakeMem{t: t, pages: map[uintptr]*fpage{}, mmapTop: 0x7ffff7fff000}
}

func (m *fakeMem) place(addr, length uintptr, fixed bool) (uintptr, error) {
	if addr&pageMask != 0 || length&pageMask != 0 || length == 0 {
		m.t.Errorf("unaligned or empty mapping %#x+%#x", addr, length)
		return 0, unix.EINVAL
	}
	if fixed {
		if addr+length > TaskSize || addr+length < addr {
			m.t.Errorf("fixed mapping %#x+%#x outside the user address space", addr, length)
			return 0, unix.ENOMEM
		}
		return addr, nil
	}
	if length > m.mmapTop {
		return 0, unix.ENOMEM
	}
	m.mmapTop -= length
	return m.mmapTop, nil
}

func (m *fakeMem) MapFile(addr, length uintptr, prot platform.AccessType, fixed bool, f File, off int64) (uintptr, error) {
	m.calls = append(m.calls, memCall{"file", addr, length, prot, fixed, off})
	if off&pageMask != 0 {
		m.t.Errorf("unaligned file offset %#x", off)
		return 0, unix.EINVAL
	}
	addr, err := m.place(addr, length, fixed)
	if err != nil {
		return 0, err
	}
	for i := uintptr(0); i < length; i += PageSize {
		var d [PageSize]byte
		if _, err := f.ReadAt(d[:], off+int64(i)); err != nil && err != io.EOF {
			return 0, err
		}
		m.pages[addr+i] = &fpage{data: &d, prot: prot}
	}
	return addr, nil
}

func (m *fakeMem) MapAnonymous(addr, length uintptr, prot platform.AccessType, fixed bool) (uintptr, error) {
	m.calls = append(m.calls, memCall{"anon", addr, length, prot, fixed, 0})
	addr, err := m.place(addr, length, fixed)
	if err != nil {
		return 0, err
	}
	for i := uintptr(0); i < length; i += PageSize {
		m.pages[addr+i] = &fpage{prot: prot}
	}
	return addr, nil
}

func (m *fakeMem) NewStack(size uintptr) (uintptr, error) {
	m.calls = append(m.calls, memCall{op: "stack", length: size})
	m.stackTop, m.stackLen = fakeStackTop, size
	for a := fakeStackTop - size; a < fakeStackTop; a += PageSize {
		m.pages[a] = &fpage{prot: platform.ReadWrite}
	}
	return fakeStackTop, nil
}

func (m *fakeMem) CopyOut(addr uintptr, src []byte) error {
	m.calls = append(m.calls, memCall{op: "copyout", addr: addr, length: uintptr(len(src))})
	for len(src) > 0 {
		pg := m.pages[addr&^pageMask]
		if pg == nil {
			return unix.EFAULT
		}
		if pg.data == nil {
			pg.data = new([PageSize]byte)
		}
		n := copy(pg.data[addr&pageMask:], src)
		src = src[n:]
		addr += uintptr(n)
	}
	return nil
}

func (m *fakeMem) SetBrk(start uintptr) {
	m.calls = append(m.calls, memCall{op: "brk", addr: start})
	m.brk = start
	m.brkCalls++
}

// read returns n bytes at addr, failing the test if any page is unmapped.
func (m *fakeMem) read(addr uintptr, n int) []byte {
	m.t.Helper()
	out := make([]byte, 0, n)
	for len(out) < n {
		pg := m.pages[addr&^pageMask]
		if pg == nil {
			m.t.Fatalf("read of unmapped %#x", addr)
		}
		var d [PageSize]byte
		if pg.data != nil {
			d = *pg.data
		}
		off := int(addr & pageMask)
		k := min(PageSize-off, n-len(out))
		out = append(out, d[off:off+k]...)
		addr += uintptr(k)
	}
	return out
}

func (m *fakeMem) u64(addr uintptr) uint64 {
	b := m.read(addr, 8)
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

func (m *fakeMem) cstring(addr uintptr) string {
	m.t.Helper()
	var s []byte
	for i := 0; i < 1<<20; i++ {
		b := m.read(addr+uintptr(i), 1)[0]
		if b == 0 {
			return string(s)
		}
		s = append(s, b)
	}
	m.t.Fatalf("unterminated string at %#x", addr)
	return ""
}

// counterReader yields 0, 1, 2, ... so AT_RANDOM's bytes are known.
type counterReader struct{ n byte }

func (r *counterReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.n
		r.n++
	}
	return len(p), nil
}
