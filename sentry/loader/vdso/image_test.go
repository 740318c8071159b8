package vdso

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// exported is what glibc, musl and the Go runtime look up, all under LINUX_2.6.
var exported = []string{
	"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time", "__vdso_clock_getres", "__vdso_getcpu",
	"clock_gettime", "gettimeofday", "time", "clock_getres", "getcpu",
}

// checkImage checks what a loader with no relocation step needs of img.
func checkImage(t *testing.T, img []byte) {
	t.Helper()
	f, err := elf.NewFile(bytes.NewReader(img))
	if err != nil {
		t.Fatalf("image does not parse: %v", err)
	}
	if f.Class != elf.ELFCLASS64 || f.Machine != elf.EM_X86_64 || f.Type != elf.ET_DYN {
		t.Fatalf("image is %v %v %v, want a 64-bit x86-64 ET_DYN", f.Class, f.Machine, f.Type)
	}
	var loads, dyns int
	for _, p := range f.Progs {
		switch p.Type {
		case elf.PT_LOAD:
			loads++
			if p.Off != 0 || p.Vaddr != 0 || p.Flags != elf.PF_R|elf.PF_X || p.Filesz != p.Memsz || p.Filesz > uint64(len(img)) {
				t.Errorf("PT_LOAD %+v: want one read+exec segment at offset and vaddr 0 with no bss", p.ProgHeader)
			}
		case elf.PT_DYNAMIC:
			dyns++
		case elf.PT_INTERP, elf.PT_TLS:
			t.Errorf("unexpected %v", p.Type)
		}
	}
	if loads != 1 || dyns != 1 {
		t.Errorf("%d PT_LOAD and %d PT_DYNAMIC, want 1 and 1", loads, dyns)
	}
	for _, s := range f.Sections {
		if s.Type == elf.SHT_REL || s.Type == elf.SHT_RELA || strings.HasPrefix(s.Name, ".got") || strings.HasPrefix(s.Name, ".plt") ||
			s.Name == ".data" || s.Name == ".bss" {
			t.Errorf("section %s (%v): the vDSO is used with no dynamic linker and no data", s.Name, s.Type)
		}
	}
	for _, tag := range []elf.DynTag{elf.DT_REL, elf.DT_RELA, elf.DT_JMPREL, elf.DT_TEXTREL, elf.DT_NEEDED, elf.DT_INIT, elf.DT_FINI} {
		if v, _ := f.DynValue(tag); len(v) > 0 {
			t.Errorf("dynamic section has %v", tag)
		}
	}
	for _, tag := range []elf.DynTag{elf.DT_HASH, elf.DT_GNU_HASH, elf.DT_SYMTAB, elf.DT_STRTAB, elf.DT_VERSYM, elf.DT_VERDEF} {
		if v, _ := f.DynValue(tag); len(v) != 1 {
			t.Errorf("dynamic section lacks %v", tag)
		}
	}
	syms, err := f.DynamicSymbols()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]elf.Symbol{}
	for _, s := range syms {
		got[s.Name] = s
	}
	for _, name := range exported {
		s, ok := got[name]
		if !ok {
			t.Errorf("%s not exported", name)
			continue
		}
		if elf.ST_TYPE(s.Info) != elf.STT_FUNC || s.Section == elf.SHN_UNDEF || s.Version != "LINUX_2.6" {
			t.Errorf("%s: type %v section %v version %q, want a defined function of LINUX_2.6", name, elf.ST_TYPE(s.Info), s.Section, s.Version)
		}
		for _, n := range []string{"hash", "gnu"} {
			if v, ok := lookup(img, name, "LINUX_2.6", n == "gnu"); !ok || v != s.Value {
				t.Errorf("%s through %s hash table: %#x %v, want %#x", name, n, v, ok, s.Value)
			}
		}
	}
	if _, ok := lookup(img, "__vdso_nosuch", "LINUX_2.6", false); ok {
		t.Errorf("lookup found a symbol that is not there")
	}
}

func TestImage(t *testing.T) { checkImage(t, Image) }

// lookup finds name@version as a loader with only the program headers
// does (the Go runtime, musl): PT_DYNAMIC, then DT_HASH or DT_GNU_HASH,
// then the version through DT_VERSYM and DT_VERDEF.
func lookup(img []byte, name, version string, gnu bool) (uint64, bool) {
	le := binary.LittleEndian
	u32 := func(o uint64) uint32 { return le.Uint32(img[o:]) }
	u64 := func(o uint64) uint64 { return le.Uint64(img[o:]) }
	phoff, phnum := u64(0x20), uint64(le.Uint16(img[0x38:]))
	dyn := map[uint64]uint64{}
	for i := uint64(0); i < phnum; i++ {
		ph := phoff + i*56
		if u32(ph) == uint32(elf.PT_DYNAMIC) {
			for d := u64(ph + 16); u64(d) != 0; d += 16 { // p_vaddr == file offset here
				dyn[u64(d)] = u64(d + 8)
			}
		}
	}
	symtab, strtab, versym, verdef := dyn[uint64(elf.DT_SYMTAB)], dyn[uint64(elf.DT_STRTAB)], dyn[uint64(elf.DT_VERSYM)], dyn[uint64(elf.DT_VERDEF)]
	cstr := func(o uint64) string { return string(img[o : o+uint64(bytes.IndexByte(img[o:], 0))]) }
	check := func(i uint64) (uint64, bool) {
		sym := symtab + 24*i
		if cstr(strtab+uint64(u32(sym))) != name || le.Uint16(img[sym+6:]) == 0 {
			return 0, false
		}
		ndx := le.Uint16(img[versym+2*i:]) & 0x7fff
		for vd := verdef; ; {
			if le.Uint16(img[vd+4:]) == ndx && u32(vd+8) == elfHash(version) && cstr(strtab+uint64(u32(vd+u64(vd+12)&0xffffffff))) == version {
				return u64(sym + 8), true
			}
			next := u32(vd + 16)
			if next == 0 {
				return 0, false
			}
			vd += uint64(next)
		}
	}
	if !gnu {
		h := dyn[uint64(elf.DT_HASH)]
		nbucket := uint64(u32(h))
		for i := uint64(u32(h + 8 + 4*(uint64(elfHash(name))%nbucket))); i != 0; i = uint64(u32(h + 8 + 4*nbucket + 4*i)) {
			if v, ok := check(i); ok {
				return v, true
			}
		}
		return 0, false
	}
	h := dyn[uint64(elf.DT_GNU_HASH)]
	nbucket, symoff, bloomSize := uint64(u32(h)), uint64(u32(h+4)), uint64(u32(h+8))
	buckets := h + 16 + 8*bloomSize
	chain := buckets + 4*nbucket
	gh := gnuHash(name)
	for i := uint64(u32(buckets + 4*(uint64(gh)%nbucket))); i >= symoff && i != 0; i++ {
		c := u32(chain + 4*(i-symoff))
		if c|1 == gh|1 {
			if v, ok := check(i); ok {
				return v, true
			}
		}
		if c&1 != 0 {
			break
		}
	}
	return 0, false
}

func elfHash(s string) uint32 {
	var h uint32
	for i := 0; i < len(s); i++ {
		h = h<<4 + uint32(s[i])
		g := h & 0xf0000000
		h ^= g >> 24
		h &^= g
	}
	return h
}

func gnuHash(s string) uint32 {
	h := uint32(5381)
	for i := 0; i < len(s); i++ {
		h = h*33 + uint32(s[i])
	}
	return h
}

// readSum parses vdso.sum: file -> sha256, and the compiler version.
func readSum(t *testing.T) (map[string]string, string) {
	b, err := os.ReadFile("vdso.sum")
	if err != nil {
		t.Fatal(err)
	}
	sums, cc := map[string]string{}, ""
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Fields(l)
		switch {
		case len(f) == 2 && f[0] == "cc":
			cc = f[1]
		case len(f) == 2:
			sums[f[1]] = f[0]
		default:
			t.Fatalf("vdso.sum: bad line %q", l)
		}
	}
	return sums, cc
}

// TestImageFresh fails when the sources changed since vdso.so was built
// (run go generate ./sentry/loader/vdso), and, where gcc is installed,
// rebuilds the image: byte for byte the same with the gcc that built it,
// and a valid image with any other.
func TestImageFresh(t *testing.T) {
	sums, cc := readSum(t)
	for _, name := range []string{"gen.sh", "src/vdso.c", "src/vdso.lds", "src/vdso.map"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(b)
		if sums[name] != hex.EncodeToString(h[:]) {
			t.Errorf("%s changed since vdso.so was built: run go generate ./sentry/loader/vdso and commit vdso.so and vdso.sum", name)
		}
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("resource missing: gcc (the image is not rebuilt; make setup installs it)")
	}
	out := t.TempDir()
	if b, err := exec.Command("sh", "gen.sh", out).CombinedOutput(); err != nil {
		t.Fatalf("gen.sh: %v\n%s", err, b)
	}
	img, err := os.ReadFile(filepath.Join(out, "vdso.so"))
	if err != nil {
		t.Fatal(err)
	}
	checkImage(t, img)
	_, myCC := func() (map[string]string, string) {
		b, _ := os.ReadFile(filepath.Join(out, "vdso.sum"))
		f := strings.Fields(string(b))
		return nil, f[len(f)-1]
	}()
	if myCC != cc {
		t.Logf("gcc %s here, %s built vdso.so: the rebuilt image is checked, not compared", myCC, cc)
		return
	}
	if !bytes.Equal(img, Image) {
		t.Errorf("vdso.so differs from what gen.sh builds from the sources: run go generate ./sentry/loader/vdso and commit vdso.so")
	}
}
