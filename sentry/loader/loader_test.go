package loader

import (
	"bytes"
	"debug/elf"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"husk/platform"
)

const testProgram = `#include <stdio.h>
int data_var = 42;
char bss_arr[100000];
int main(int argc, char **argv) { bss_arr[argc] = 1; printf("%d\n", data_var); return 0; }
`

// buildC compiles testProgram with gcc and the given flags. gcc is a required
// dependency of the project: its absence fails the test.
func buildC(t *testing.T, flags ...string) string {
	t.Helper()
	return buildSrc(t, testProgram, flags...)
}

func buildSrc(t *testing.T, program string, flags ...string) string {
	t.Helper()
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Fatalf("gcc not found: it is required to build the test binaries (run make setup): %v", err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "p.c")
	out := filepath.Join(dir, "p")
	if err := os.WriteFile(src, []byte(program), 0o644); err != nil {
		t.Fatal(err)
	}
	args := append(append([]string{}, flags...), "-O1", "-o", out, src)
	if b, err := exec.Command(gcc, args...).CombinedOutput(); err != nil {
		t.Fatalf("gcc %v: %v\n%s", args, err, b)
	}
	return out
}

func testArgs(f File, m *fakeMem) Args {
	return Args{
		File:        f,
		Filename:    "/usr/bin/prog",
		Argv:        []string{"prog", "a b", "", "last"},
		Envv:        []string{"A=1", "PATH=/bin:/usr/bin", ""},
		Mem:         m,
		HWCap:       0x178bfbff,
		HWCap2:      2,
		UID:         1000,
		EUID:        1001,
		GID:         100,
		EGID:        101,
		SysinfoEhdr: 0x7ffff7fc1000,
		MinSigStkSz: 3632,
		Random:      &counterReader{},
	}
}

func protOf(f elf.ProgFlag) platform.AccessType {
	return platform.AccessType{Read: f&elf.PF_R != 0, Write: f&elf.PF_W != 0, Execute: f&elf.PF_X != 0}
}

// checkSegments checks every PT_LOAD of the file at path (parsed with
// debug/elf, independently of ParseELF) lies at bias+p_vaddr with its
// protection, with the file's bytes up to p_filesz and zeros up to p_memsz.
// It returns the page-aligned end of the highest segment.
func checkSegments(t *testing.T, m *fakeMem, data []byte, bias uint64) uint64 {
	t.Helper()
	ef, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	owners := map[uint64]int{}
	prot := map[uint64]platform.AccessType{}
	var end uint64
	for _, p := range ef.Progs {
		if p.Type != elf.PT_LOAD || p.Memsz == 0 {
			continue
		}
		s := (bias + p.Vaddr) &^ pageMask
		e := (bias + p.Vaddr + p.Memsz + pageMask) &^ pageMask
		end = max(end, e)
		for a := s; a < e; a += PageSize {
			owners[a]++
			prot[a] = protOf(p.Flags)
		}
	}
	for a, want := range prot {
		pg := m.pages[uintptr(a)]
		if pg == nil {
			t.Fatalf("page %#x not mapped", a)
		}
		if pg.prot != want {
			t.Errorf("page %#x prot %v, want %v", a, pg.prot, want)
		}
	}
	for _, p := range ef.Progs {
		if p.Type != elf.PT_LOAD || p.Memsz == 0 {
			continue
		}
		start := bias + p.Vaddr
		for a := start &^ pageMask; a < start+p.Memsz; a += PageSize {
			if owners[a] > 1 {
				continue // shared with another segment: the later one wins
			}
			lo, hi := max(a, start), min(a+PageSize, start+p.Memsz)
			got := m.read(uintptr(lo), int(hi-lo))
			want := make([]byte, hi-lo)
			if fe := start + p.Filesz; lo < fe {
				copy(want, data[p.Off+(lo-start):p.Off+(min(hi, fe)-start)])
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("segment at %#x: bytes [%#x, %#x) differ from the file/zeros", start, lo, hi)
			}
		}
	}
	return end
}

// checkStack parses argc, argv, envp and auxv back from the fake memory and
// compares them with what was asked for.
func checkStack(t *testing.T, m *fakeMem, a Args, res Result, nphdr int) {
	t.Helper()
	if res.SP%16 != 0 {
		t.Errorf("SP %#x not 16-byte aligned", res.SP)
	}
	if res.SP < m.stackTop-m.stackLen || res.SP >= m.stackTop {
		t.Fatalf("SP %#x outside the stack", res.SP)
	}
	argv := a.Argv
	if len(argv) == 0 {
		argv = []string{""}
	}
	sp := res.SP
	if argc := m.u64(sp); argc != uint64(len(argv)) {
		t.Fatalf("argc %d, want %d", argc, len(argv))
	}
	sp += 8
	var argPtrs, envPtrs []uintptr
	for i := range argv {
		p := uintptr(m.u64(sp))
		sp += 8
		argPtrs = append(argPtrs, p)
		if s := m.cstring(p); s != argv[i] {
			t.Errorf("argv[%d] = %q, want %q", i, s, argv[i])
		}
	}
	if m.u64(sp) != 0 {
		t.Fatalf("argv not NULL-terminated")
	}
	sp += 8
	for i := range a.Envv {
		p := uintptr(m.u64(sp))
		sp += 8
		envPtrs = append(envPtrs, p)
		if s := m.cstring(p); s != a.Envv[i] {
			t.Errorf("envp[%d] = %q, want %q", i, s, a.Envv[i])
		}
	}
	if m.u64(sp) != 0 {
		t.Fatalf("envp not NULL-terminated")
	}
	sp += 8
	var auxv [][2]uint64
	for {
		k, v := m.u64(sp), m.u64(sp+8)
		sp += 16
		auxv = append(auxv, [2]uint64{k, v})
		if k == AT_NULL {
			break
		}
		if len(auxv) > 64 {
			t.Fatal("auxv without AT_NULL")
		}
	}
	if len(auxv) != len(res.Auxv) {
		t.Fatalf("auxv on the stack %v, Result.Auxv %v", auxv, res.Auxv)
	}
	for i := range auxv {
		if auxv[i] != res.Auxv[i] {
			t.Errorf("auxv[%d] = %v, Result.Auxv has %v", i, auxv[i], res.Auxv[i])
		}
	}

	// Linux's order and values.
	type kv struct{ k, v uint64 }
	var want []kv
	if a.SysinfoEhdr != 0 {
		want = append(want, kv{AT_SYSINFO_EHDR, uint64(a.SysinfoEhdr)})
	}
	if a.MinSigStkSz != 0 {
		want = append(want, kv{AT_MINSIGSTKSZ, a.MinSigStkSz})
	}
	sec := uint64(0)
	if a.Secure {
		sec = 1
	}
	want = append(want, kv{AT_HWCAP, a.HWCap}, kv{AT_PAGESZ, 4096}, kv{AT_CLKTCK, 100},
		kv{AT_PHDR, uint64(res.Phdr)}, kv{AT_PHENT, 56}, kv{AT_PHNUM, uint64(nphdr)},
		kv{AT_BASE, uint64(res.Base)}, kv{AT_FLAGS, 0}, kv{AT_ENTRY, uint64(res.ProgEntry)},
		kv{AT_UID, uint64(a.UID)}, kv{AT_EUID, uint64(a.EUID)}, kv{AT_GID, uint64(a.GID)},
		kv{AT_EGID, uint64(a.EGID)}, kv{AT_SECURE, sec}, kv{AT_RANDOM, ^uint64(0)})
	if a.HWCap2 != 0 {
		want = append(want, kv{AT_HWCAP2, a.HWCap2})
	}
	want = append(want, kv{AT_EXECFN, ^uint64(0)}, kv{AT_PLATFORM, ^uint64(0)}, kv{AT_NULL, 0})
	if len(want) != len(auxv) {
		t.Fatalf("auxv %v, want keys %v", auxv, want)
	}
	var random, execfn, plat uintptr
	for i, w := range want {
		if auxv[i][0] != w.k {
			t.Fatalf("auxv[%d] key %d, want %d (auxv %v)", i, auxv[i][0], w.k, auxv)
		}
		switch w.k {
		case AT_RANDOM:
			random = uintptr(auxv[i][1])
		case AT_EXECFN:
			execfn = uintptr(auxv[i][1])
		case AT_PLATFORM:
			plat = uintptr(auxv[i][1])
		default:
			if auxv[i][1] != w.v {
				t.Errorf("auxv key %d = %#x, want %#x", w.k, auxv[i][1], w.v)
			}
		}
	}
	rnd := m.read(random, 16)
	for i, b := range rnd {
		if b != byte(i) {
			t.Fatalf("AT_RANDOM bytes %x, want 00..0f", rnd)
		}
	}
	if s := m.cstring(execfn); s != a.Filename {
		t.Errorf("AT_EXECFN %q, want %q", s, a.Filename)
	}
	if s := m.cstring(plat); s != "x86_64" {
		t.Errorf("AT_PLATFORM %q", s)
	}

	// The strings: argv, envp, execfn back to back, then a NULL slot at the top.
	if res.ArgvStart != argPtrs[0] || res.ArgvEnd != res.EnvvStart {
		t.Errorf("argv [%#x, %#x) env start %#x; argv[0] at %#x", res.ArgvStart, res.ArgvEnd, res.EnvvStart, argPtrs[0])
	}
	q := res.ArgvStart
	for i, p := range argPtrs {
		if p != q {
			t.Errorf("argv[%d] at %#x, want %#x", i, p, q)
		}
		q += uintptr(len(argv[i]) + 1)
	}
	if q != res.ArgvEnd {
		t.Errorf("argv strings end at %#x, ArgvEnd %#x", q, res.ArgvEnd)
	}
	for i, p := range envPtrs {
		if p != q {
			t.Errorf("envp[%d] at %#x, want %#x", i, p, q)
		}
		q += uintptr(len(a.Envv[i]) + 1)
	}
	if q != res.EnvvEnd || q != execfn {
		t.Errorf("env strings end at %#x, EnvvEnd %#x, execfn %#x", q, res.EnvvEnd, execfn)
	}
	if execfn+uintptr(len(a.Filename)+1) != m.stackTop-8 || m.u64(m.stackTop-8) != 0 {
		t.Errorf("execfn at %#x does not end at the NULL slot below the top %#x", execfn, m.stackTop)
	}
	if !(sp <= random && random+16 <= plat && plat+7 <= res.ArgvStart) {
		t.Errorf("layout: auxv end %#x, random %#x, platform %#x, strings %#x", sp, random, plat, res.ArgvStart)
	}
	if plat+7 != res.ArgvStart&^15 {
		t.Errorf("platform string at %#x, want just below %#x", plat, res.ArgvStart&^15)
	}
}

func phdrAddr(t *testing.T, ef *elf.File, data []byte, bias uint64) uint64 {
	for _, p := range ef.Progs {
		if p.Type == elf.PT_PHDR {
			return p.Vaddr + bias
		}
	}
	phoff := le.Uint64(data[32:])
	for _, p := range ef.Progs {
		if p.Type == elf.PT_LOAD && p.Off <= phoff && phoff < p.Off+p.Filesz {
			return p.Vaddr + phoff - p.Off + bias
		}
	}
	t.Fatal("no phdr address")
	return 0
}

// loadHost loads a host binary (and its interpreter, from the host) into a
// fresh fake memory and checks the common things.
func loadHost(t *testing.T, path string) (*fakeMem, Args, Result, *elf.File, []byte) {
	t.Helper()
	f := hostFile(t, path)
	m := newFakeMem(t)
	a := testArgs(f, m)
	var opened []string
	a.OpenInterp = func(p string) (File, error) {
		opened = append(opened, p)
		return hostFile(t, p), nil
	}
	res, err := Load(a)
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	ef, err := elf.NewFile(bytes.NewReader(f.b))
	if err != nil {
		t.Fatal(err)
	}
	var bias uint64
	if ef.Type == elf.ET_DYN {
		bias = DynBase
	}
	end := checkSegments(t, m, f.b, bias)
	if res.BrkStart != uintptr(end) || m.brk != res.BrkStart || m.brkCalls != 1 {
		t.Errorf("brk %#x (mem %#x, %d calls), want %#x", res.BrkStart, m.brk, m.brkCalls, end)
	}
	if res.ProgEntry != uintptr(ef.Entry+bias) {
		t.Errorf("AT_ENTRY %#x, want %#x", res.ProgEntry, ef.Entry+bias)
	}
	if want := phdrAddr(t, ef, f.b, bias); res.Phdr != uintptr(want) {
		t.Errorf("AT_PHDR %#x, want %#x", res.Phdr, want)
	}
	checkStack(t, m, a, res, len(ef.Progs))

	interp := ""
	for _, p := range ef.Progs {
		if p.Type == elf.PT_INTERP {
			b := make([]byte, p.Filesz)
			p.ReadAt(b, 0)
			interp = strings.TrimRight(string(b), "\x00")
		}
	}
	if interp == "" {
		if len(opened) != 0 || res.Base != 0 || res.Entry != res.ProgEntry {
			t.Errorf("no interpreter, but opened %v, base %#x, entry %#x", opened, res.Base, res.Entry)
		}
		return m, a, res, ef, f.b
	}
	if len(opened) != 1 || opened[0] != interp {
		t.Fatalf("opened %v, want [%s]", opened, interp)
	}
	idata := hostFile(t, interp).b
	ief, err := elf.NewFile(bytes.NewReader(idata))
	if err != nil {
		t.Fatal(err)
	}
	if res.Base == 0 || res.Base&pageMask != 0 {
		t.Fatalf("AT_BASE %#x", res.Base)
	}
	var imin uint64 = ^uint64(0)
	for _, p := range ief.Progs {
		if p.Type == elf.PT_LOAD {
			imin = min(imin, p.Vaddr&^pageMask)
		}
	}
	ibias := uint64(res.Base) - imin
	if res.Entry != uintptr(ief.Entry+ibias) {
		t.Errorf("entry %#x, want interpreter entry %#x + base %#x", res.Entry, ief.Entry, res.Base)
	}
	iend := checkSegments(t, m, idata, ibias)
	if iend > uint64(m.stackTop-m.stackLen) || uint64(res.Base) < uint64(res.BrkStart) {
		t.Errorf("interpreter [%#x, %#x) not between the heap %#x and the stack", res.Base, iend, res.BrkStart)
	}
	// The interpreter's span was reserved first, non-fixed; every segment
	// mapping after that is fixed.
	reserved := false
	for _, c := range m.calls {
		if c.op == "anon" && !c.fixed {
			if reserved || c.prot != platform.NoAccess || c.addr != 0 {
				t.Errorf("unexpected reservation %+v", c)
			}
			reserved = true
		}
		if c.op == "file" && !c.fixed {
			t.Errorf("non-fixed file mapping %+v", c)
		}
	}
	if !reserved {
		t.Error("interpreter span not reserved")
	}
	return m, a, res, ef, f.b
}

func TestLoadStatic(t *testing.T) {
	path := buildC(t, "-static")
	_, _, res, ef, _ := loadHost(t, path)
	if ef.Type != elf.ET_EXEC {
		t.Fatalf("gcc -static made %v", ef.Type)
	}
	if res.Base != 0 || res.Entry != uintptr(ef.Entry) {
		t.Errorf("base %#x entry %#x", res.Base, res.Entry)
	}
}

func TestLoadStaticPIE(t *testing.T) {
	path := buildC(t, "-static-pie")
	_, _, res, ef, _ := loadHost(t, path)
	if ef.Type != elf.ET_DYN {
		t.Fatalf("gcc -static-pie made %v", ef.Type)
	}
	if res.Base != 0 || res.Entry != uintptr(DynBase+ef.Entry) {
		t.Errorf("base %#x entry %#x", res.Base, res.Entry)
	}
}

func TestLoadDynamic(t *testing.T) {
	if _, err := os.Stat("/bin/true"); err != nil {
		t.Fatalf("/bin/true: %v", err)
	}
	loadHost(t, "/bin/true")
}

func TestLoadDynamicBuilt(t *testing.T) {
	loadHost(t, buildC(t, "-pie", "-fPIE"))
	loadHost(t, buildC(t, "-no-pie"))
}

func TestLoadInterpreterDirectly(t *testing.T) {
	_, _, res, ef, _ := loadHost(t, "/lib64/ld-linux-x86-64.so.2")
	if ef.Type != elf.ET_DYN || res.Base != 0 || res.Entry != uintptr(DynBase+ef.Entry) {
		t.Errorf("type %v base %#x entry %#x", ef.Type, res.Base, res.Entry)
	}
}

// TestLoadSynthetic checks .bss zeroing where the file has non-zero bytes past
// p_filesz in a read-only segment, and the exact calls made.
func TestLoadSynthetic(t *testing.T) {
	b := minimalELF()
	m := newFakeMem(t)
	a := testArgs(&bytesFile{b: b}, m)
	a.SysinfoEhdr, a.MinSigStkSz, a.HWCap2, a.Secure = 0, 0, 0, true
	a.StackSize = 64 << 10
	res, err := Load(a)
	if err != nil {
		t.Fatal(err)
	}
	rx := platform.AccessType{Read: true, Execute: true}
	want := []memCall{
		{"file", synVaddr, 0x2000, rx, true, 0},
		{"copyout", synVaddr + synFilesz, 0x2000 - synFilesz, platform.AccessType{}, false, 0},
		{"anon", synVaddr + 0x2000, 0x1000, rx, true, 0},
		{op: "brk", addr: synVaddr + 0x3000},
		{op: "stack", length: 64 << 10},
	}
	if len(m.calls) != len(want)+1 {
		t.Fatalf("calls %+v", m.calls)
	}
	for i, w := range want {
		if m.calls[i] != w {
			t.Errorf("call %d = %+v, want %+v", i, m.calls[i], w)
		}
	}
	if c := m.calls[len(want)]; c.op != "copyout" || c.addr != res.SP || c.addr+c.length != m.stackTop {
		t.Errorf("stack copy %+v", c)
	}
	checkSegments(t, m, b, 0)
	if got := m.read(synVaddr+synFilesz, 0x2800-synFilesz); !bytes.Equal(got, make([]byte, len(got))) {
		t.Error(".bss not zero")
	}
	if res.Entry != synEntry || res.Phdr != synVaddr+ehdrSize || res.BrkStart != synVaddr+0x3000 {
		t.Errorf("res %+v", res)
	}
	checkStack(t, m, a, res, 3)
}

func TestLoadEmptyArgv(t *testing.T) {
	m := newFakeMem(t)
	a := testArgs(&bytesFile{b: minimalELF()}, m)
	a.Argv = nil
	res, err := Load(a)
	if err != nil {
		t.Fatal(err)
	}
	checkStack(t, m, a, res, 3) // expects argc 1, argv[0] ""
}

func TestLoadStackAlignment(t *testing.T) {
	// Every parity of pointer count and string length lands argc 16-byte aligned.
	for argc := 0; argc < 4; argc++ {
		for envc := 0; envc < 3; envc++ {
			for l := 0; l < 17; l += 3 {
				m := newFakeMem(t)
				a := testArgs(&bytesFile{b: minimalELF()}, m)
				a.Argv, a.Envv = nil, nil
				for i := 0; i < argc; i++ {
					a.Argv = append(a.Argv, strings.Repeat("a", l+i))
				}
				for i := 0; i < envc; i++ {
					a.Envv = append(a.Envv, strings.Repeat("e", l+2*i))
				}
				a.Filename = strings.Repeat("f", l)
				res, err := Load(a)
				if err != nil {
					t.Fatal(err)
				}
				checkStack(t, m, a, res, 3)
			}
		}
	}
}

func TestLoadRejects(t *testing.T) {
	for _, mu := range noexecMutations {
		t.Run(mu.name, func(t *testing.T) {
			m := newFakeMem(t)
			a := testArgs(&bytesFile{b: mu.f(minimalELF())}, m)
			a.OpenInterp = func(string) (File, error) { t.Error("interpreter opened"); return nil, unix.ENOENT }
			if _, err := Load(a); !isErrno(err, unix.ENOEXEC) {
				t.Errorf("Load = %v, want ENOEXEC", err)
			}
			for _, c := range m.calls {
				if c.op != "stack" {
					t.Errorf("memory touched: %+v", c)
				}
			}
		})
	}
}

func TestLoadE2BIG(t *testing.T) {
	cases := map[string]func(a *Args){
		"longarg":      func(a *Args) { a.Argv = []string{strings.Repeat("x", MaxArgStrlen)} },
		"longenv":      func(a *Args) { a.Envv = []string{strings.Repeat("x", MaxArgStrlen)} },
		"longfilename": func(a *Args) { a.Filename = strings.Repeat("x", MaxArgStrlen) },
		"quarter": func(a *Args) {
			a.StackSize = 64 << 10
			for i := 0; i < 20; i++ {
				a.Argv = append(a.Argv, strings.Repeat("y", 1000))
			}
		},
		"pointers": func(a *Args) {
			a.StackSize = 64 << 10
			a.Envv = make([]string, 2048)
		},
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			m := newFakeMem(t)
			a := testArgs(&bytesFile{b: minimalELF()}, m)
			f(&a)
			if _, err := Load(a); !isErrno(err, unix.E2BIG) {
				t.Errorf("Load = %v, want E2BIG", err)
			}
		})
	}
	// Just under the per-string limit is fine.
	m := newFakeMem(t)
	a := testArgs(&bytesFile{b: minimalELF()}, m)
	a.Argv = []string{strings.Repeat("x", MaxArgStrlen-1)}
	res, err := Load(a)
	if err != nil {
		t.Fatal(err)
	}
	checkStack(t, m, a, res, 3)
}

func TestLoadInterpErrors(t *testing.T) {
	run := func(open func(string) (File, error)) error {
		m := newFakeMem(t)
		a := testArgs(&bytesFile{b: withInterp(minimalELF())}, m)
		a.OpenInterp = open
		_, err := Load(a)
		return err
	}
	if err := run(func(p string) (File, error) {
		if p != synPath {
			t.Errorf("opened %q", p)
		}
		return nil, unix.ENOENT
	}); !isErrno(err, unix.ENOENT) {
		t.Errorf("missing interpreter: %v, want ENOENT", err)
	}
	if err := run(func(string) (File, error) { return nil, unix.EACCES }); !isErrno(err, unix.EACCES) {
		t.Errorf("EACCES interpreter: %v", err)
	}
	if err := run(func(string) (File, error) { return nil, errors.New("weird") }); !isErrno(err, unix.EIO) {
		t.Errorf("non-errno: %v, want EIO", err)
	}
	for _, mu := range noexecMutations[:12] {
		bad := mu.f(minimalELF())
		if err := run(func(string) (File, error) { return &bytesFile{b: bad}, nil }); !isErrno(err, unix.ELIBBAD) {
			t.Errorf("interpreter %s: %v, want ELIBBAD", mu.name, err)
		}
	}
	if err := run(func(string) (File, error) { return &bytesFile{b: []byte("#!/bin/sh\n")}, nil }); !isErrno(err, unix.ELIBBAD) {
		t.Errorf("script interpreter: %v, want ELIBBAD", err)
	}
	if err := run(func(string) (File, error) { return &bytesFile{b: make([]byte, synSize), readErr: unix.EIO}, nil }); !isErrno(err, unix.EIO) {
		t.Errorf("interpreter read error: %v, want EIO", err)
	}
	m := newFakeMem(t)
	a := testArgs(&bytesFile{b: withInterp(minimalELF())}, m)
	if _, err := Load(a); !isErrno(err, unix.EINVAL) {
		t.Errorf("no OpenInterp: %v", err)
	}
}

func TestLoadSyntheticInterp(t *testing.T) {
	// A synthetic ET_DYN interpreter goes wherever the reservation lands.
	ib := minimalELF()
	le.PutUint16(ib[16:], etDyn)
	le.PutUint64(ib[24:], 0x1000)
	putPhdr(ib, 0, Phdr{Type: ptLoad, Flags: pfR | pfX, Vaddr: 0, Filesz: synFilesz, Memsz: synMemsz, Align: PageSize})
	m := newFakeMem(t)
	a := testArgs(&bytesFile{b: withInterp(minimalELF())}, m)
	a.OpenInterp = func(string) (File, error) { return &bytesFile{b: ib}, nil }
	res, err := Load(a)
	if err != nil {
		t.Fatal(err)
	}
	if res.Base != 0x7ffff7fff000-0x3000 || res.Entry != res.Base+0x1000 || res.ProgEntry != synEntry {
		t.Errorf("res %+v", res)
	}
	checkSegments(t, m, ib, uint64(res.Base))
	if res.BrkStart != synVaddr+0x3000 {
		t.Errorf("brk %#x follows the interpreter", res.BrkStart)
	}
	checkStack(t, m, a, res, 3)
}

func TestLoadAlignedPIE(t *testing.T) {
	// A p_align of 2 MiB moves an ET_DYN program's base down to a 2 MiB boundary.
	b := minimalELF()
	le.PutUint16(b[16:], etDyn)
	le.PutUint64(b[24:], 0x1000)
	putPhdr(b, 0, Phdr{Type: ptLoad, Flags: pfR | pfX, Vaddr: 0, Filesz: synFilesz, Memsz: synMemsz, Align: 1 << 21})
	m := newFakeMem(t)
	res, err := Load(testArgs(&bytesFile{b: b}, m))
	if err != nil {
		t.Fatal(err)
	}
	base := uint64(DynBase) &^ (1<<21 - 1)
	if res.Entry != uintptr(base+0x1000) || res.BrkStart != uintptr(base+0x3000) {
		t.Errorf("res %+v, base %#x", res, base)
	}
	checkSegments(t, m, b, base)
}

func TestLoadBadArgs(t *testing.T) {
	m := newFakeMem(t)
	a := testArgs(&bytesFile{b: minimalELF()}, m)
	a.Random = nil
	if _, err := Load(a); !isErrno(err, unix.EINVAL) {
		t.Errorf("no Random: %v", err)
	}
	a = testArgs(&bytesFile{b: make([]byte, synSize), readErr: unix.EIO}, m)
	if _, err := Load(a); !isErrno(err, unix.EIO) {
		t.Errorf("read error: %v", err)
	}
}
