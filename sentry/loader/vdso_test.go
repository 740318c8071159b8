package loader

import (
	"errors"
	"testing"

	"golang.org/x/sys/unix"

	"husk/platform"
	"husk/sentry/errno"
)

// directMem is a fakeMem that can map memory-file pages (the vDSO's).
type directMem struct{ *fakeMem }

var _ DirectMemory = directMem{}

func (m directMem) MapDirect(addr, length uintptr, perms platform.AccessType, fixed bool, off int64, name string) (uintptr, error) {
	m.calls = append(m.calls, memCall{"direct " + name, addr, length, perms, fixed, off})
	addr, err := m.place(addr, length, fixed)
	if err != nil {
		return 0, err
	}
	for i := uintptr(0); i < length; i += PageSize {
		m.pages[addr+i] = &fpage{prot: perms}
	}
	return addr, nil
}

// TestLoadVDSO: the vvar page then the image, together in the mmap area,
// after the program and before the stack, and AT_SYSINFO_EHDR names the
// image.
func TestLoadVDSO(t *testing.T) {
	m := directMem{newFakeMem(t)}
	a := testArgs(&bytesFile{b: minimalELF()}, m.fakeMem)
	a.Mem = m
	a.SysinfoEhdr = 0
	a.VDSO = &VDSO{VvarOff: 0x5000, VvarPages: 1, ImageOff: 0x6000, ImagePages: 2}
	res, err := Load(a)
	if err != nil {
		t.Fatal(err)
	}
	var calls []memCall
	for _, c := range m.calls {
		if c.op == "anon" && c.prot == platform.NoAccess || c.op[0] == 'd' {
			calls = append(calls, c)
		}
	}
	if len(calls) != 3 {
		t.Fatalf("calls %+v", m.calls)
	}
	if calls[0].length != 3*PageSize || calls[0].fixed {
		t.Errorf("reservation %+v: want 3 pages anywhere", calls[0])
	}
	base := m.mmapTop // where the fake put the reservation, the last non-fixed mapping
	want := []memCall{
		{"direct [vvar]", base, PageSize, platform.Read, true, 0x5000},
		{"direct [vdso]", base + PageSize, 2 * PageSize, platform.AccessType{Read: true, Execute: true}, true, 0x6000},
	}
	for i, w := range want {
		if calls[i+1] != w {
			t.Errorf("call %+v, want %+v", calls[i+1], w)
		}
	}
	found := false
	for _, kv := range res.Auxv {
		if kv[0] == AT_SYSINFO_EHDR {
			found = true
			if kv[1] != uint64(base+PageSize) {
				t.Errorf("AT_SYSINFO_EHDR %#x, want the image at %#x", kv[1], base+PageSize)
			}
		}
	}
	if !found {
		t.Error("no AT_SYSINFO_EHDR")
	}
}

// TestLoadVDSOBadArgs: a Memory that cannot map memory-file pages, or an
// empty layout, is EINVAL.
func TestLoadVDSOBadArgs(t *testing.T) {
	for _, c := range []struct {
		name string
		mem  func(*fakeMem) Memory
		v    VDSO
	}{
		{"no MapDirect", func(m *fakeMem) Memory { return m }, VDSO{VvarPages: 1, ImagePages: 1}},
		{"no image", func(m *fakeMem) Memory { return directMem{m} }, VDSO{VvarPages: 1}},
		{"huge vvar", func(m *fakeMem) Memory { return directMem{m} }, VDSO{VvarPages: 1 << 20, ImagePages: 1}},
	} {
		fm := newFakeMem(t)
		a := testArgs(&bytesFile{b: minimalELF()}, fm)
		a.Mem = c.mem(fm)
		a.VDSO = &c.v
		if _, err := Load(a); !errors.Is(err, errno.Errno(unix.EINVAL)) {
			t.Errorf("%s: %v, want EINVAL", c.name, err)
		}
	}
}
