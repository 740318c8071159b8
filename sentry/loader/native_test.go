package loader

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"testing"
)

// dumpProgram prints its initial stack: SP, the argv and envp pointers, and
// the auxv pairs.
const dumpProgram = `#include <stdio.h>
int main(int argc, char **argv, char **envp) {
	unsigned long *sp = (unsigned long *)argv - 1, *p;
	int i;
	printf("sp %lx\n", (unsigned long)sp);
	for (i = 0; i < argc; i++) printf("argv %lx\n", (unsigned long)argv[i]);
	for (i = 0; envp[i]; i++) printf("envp %lx\n", (unsigned long)envp[i]);
	for (p = (unsigned long *)&envp[i] + 1; p[0]; p += 2) printf("aux %lu %lx\n", p[0], p[1]);
	return 0;
}
`

// TestStackMatchesLinux runs a static program natively with address-space
// randomization off (setarch -R) and checks that the loader lays out the same
// stack: every string, pointer and SP at the same distance from the top, and
// the same auxv (less the entries newer kernels add that the loader does not
// write yet: they only move SP down by 16 bytes each).
func TestStackMatchesLinux(t *testing.T) {
	setarch, err := exec.LookPath("setarch")
	if err != nil {
		t.Skip("setarch missing")
	}
	if out, err := exec.Command(setarch, "-R", "true").CombinedOutput(); err != nil {
		t.Skipf("setarch -R unavailable here (personality refused): %v %s", err, out)
	}
	path := buildSrc(t, dumpProgram, "-static")
	argv := []string{path, "x", "y y", "", "last-argument"}
	envv := []string{"A=1", "B=", "LONGER=abcdefghijklmnop"}
	cmd := exec.Command(setarch, append([]string{"-R", path}, argv[1:]...)...)
	cmd.Env = envv
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("native run: %v", err)
	}
	var (
		nsp         uint64
		nargv, nenv []uint64
		naux        [][2]uint64
	)
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var k, v uint64
		line := sc.Text()
		switch {
		case scan(line, "sp %x", &v):
			nsp = v
		case scan(line, "argv %x", &v):
			nargv = append(nargv, v)
		case scan(line, "envp %x", &v):
			nenv = append(nenv, v)
		case scan(line, "aux %d %x", &k, &v):
			naux = append(naux, [2]uint64{k, v})
		default:
			t.Fatalf("odd line %q", line)
		}
	}
	nv := map[uint64]uint64{}
	for _, kv := range naux {
		nv[kv[0]] = kv[1]
	}
	ntop := nv[AT_EXECFN] + uint64(len(path)) + 1 + 8
	if ntop%PageSize != 0 {
		t.Fatalf("native stack top %#x not page-aligned: execfn not at the top?", ntop)
	}

	m := newFakeMem(t)
	a := Args{
		File: hostFile(t, path), Filename: path, Argv: argv, Envv: envv, Mem: m,
		HWCap: nv[AT_HWCAP], HWCap2: nv[AT_HWCAP2], SysinfoEhdr: uintptr(nv[AT_SYSINFO_EHDR]),
		MinSigStkSz: nv[AT_MINSIGSTKSZ],
		UID:         uint32(nv[AT_UID]), EUID: uint32(nv[AT_EUID]),
		GID: uint32(nv[AT_GID]), EGID: uint32(nv[AT_EGID]), Secure: nv[AT_SECURE] != 0,
		Random: &counterReader{},
	}
	res, err := Load(a)
	if err != nil {
		t.Fatal(err)
	}
	otop := uint64(m.stackTop)
	rel := func(native, ours uint64, what string) {
		t.Helper()
		if ntop-native != otop-ours {
			t.Errorf("%s: %#x below the top natively, %#x in husk", what, ntop-native, otop-ours)
		}
	}
	if len(nargv) != len(argv) || len(nenv) != len(envv) {
		t.Fatalf("native saw %d args, %d env", len(nargv), len(nenv))
	}
	for i := range argv {
		rel(nargv[i], m.u64(res.SP+8+8*uintptr(i)), fmt.Sprintf("argv[%d]", i))
	}
	for i := range envv {
		rel(nenv[i], m.u64(res.SP+8*uintptr(len(argv)+2+i)), fmt.Sprintf("envp[%d]", i))
	}
	ours := map[uint64]bool{}
	for _, kv := range res.Auxv {
		ours[kv[0]] = true
	}
	var filtered [][2]uint64
	for _, kv := range naux {
		if ours[kv[0]] {
			filtered = append(filtered, kv)
		}
	}
	extra := len(naux) - len(filtered)
	filtered = append(filtered, [2]uint64{AT_NULL, 0})
	if len(filtered) != len(res.Auxv) {
		t.Fatalf("auxv: native %v, husk %v", naux, res.Auxv)
	}
	for i, kv := range filtered {
		o := res.Auxv[i]
		if kv[0] != o[0] {
			t.Fatalf("auxv[%d]: native key %d, husk %d", i, kv[0], o[0])
		}
		switch kv[0] {
		case AT_RANDOM, AT_EXECFN, AT_PLATFORM:
			rel(kv[1], o[1], fmt.Sprintf("auxv key %d", kv[0]))
		default:
			if kv[1] != o[1] {
				t.Errorf("auxv key %d: native %#x, husk %#x", kv[0], kv[1], o[1])
			}
		}
	}
	if extra > 0 {
		t.Logf("native auxv has %d entries husk does not write: %v", extra, naux)
	}
	rel(nsp+16*uint64(extra), uint64(res.SP), "SP (adjusted for the extra auxv entries)")
}

func scan(line, format string, args ...any) bool {
	n, err := fmt.Sscanf(line, format, args...)
	return err == nil && n == len(args)
}
