package syscallstest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	familyRE = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	fileRE   = regexp.MustCompile(`^[a-z][a-z0-9]*_[a-z0-9_]+\.c$`)
)

// TestSourceLayout checks that every test source sits at <family>/<syscall>_<behaviour>.c
// with a lowercase family, and begins with a valid header comment.
func TestSourceLayout(t *testing.T) {
	dir := filepath.Join(repoRoot(t), "test", "syscalls")
	srcs := sources(t, dir)
	if len(srcs) < 45 {
		t.Errorf("only %d test programs; the suite should have at least 45", len(srcs))
	}
	for _, rel := range srcs {
		family, file, ok := strings.Cut(rel, "/")
		if !ok || strings.Contains(file, "/") {
			t.Errorf("%s: want test/syscalls/<family>/<syscall>_<behaviour>.c", rel)
			continue
		}
		if !familyRE.MatchString(family) {
			t.Errorf("%s: family directory %q must be lowercase letters and digits", rel, family)
		}
		if !fileRE.MatchString(file) {
			t.Errorf("%s: file name must be <syscall>_<behaviour>.c in lowercase", rel)
		}
		src, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := parseHeader(strings.TrimSuffix(file, ".c"), src); err != nil {
			t.Errorf("%s: %v", rel, err)
		}
		if !strings.Contains(string(src), `#include "../common.h"`) {
			t.Errorf("%s: must include \"../common.h\"", rel)
		}
	}
}

// TestParseHeader checks the header grammar the harness relies on.
func TestParseHeader(t *testing.T) {
	src := "// read_x: reads x.\n" +
		"// husk-divergent: ptrace: no vDSO yet\n" +
		"// husk-divergent: *: everywhere\n" +
		"// husk-build: static-only\n" +
		"// husk-exit: 3\n" +
		"#include \"../common.h\"\n// husk-exit: 9\n"
	p, err := parseHeader("read_x", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.desc != "reads x." || p.build != "static-only" || p.exit != 3 || len(p.divergent) != 2 {
		t.Errorf("parsed %+v", p)
	}
	if r, ok := p.divergentOn("ptrace"); !ok || r != "no vDSO yet" {
		t.Errorf("divergentOn(ptrace) = %q, %v", r, ok)
	}
	if r, ok := p.divergentOn("kvm"); !ok || r != "everywhere" {
		t.Errorf("divergentOn(kvm) = %q, %v", r, ok)
	}
	if p.wants("dynamic") || !p.wants("static") {
		t.Errorf("static-only program wants dynamic")
	}
	for _, bad := range []string{
		"",
		"#include <stdio.h>\n",
		"// other_name: x\n",
		"// read_x:\n",
		"// read_x: x\n// husk-divergent: ptrace\n",
		"// read_x: x\n// husk-build: both\n",
		"// read_x: x\n// husk-exit: 300\n",
		"// read_x: x\n// husk-typo: 1\n",
	} {
		if _, err := parseHeader("read_x", []byte(bad)); err == nil {
			t.Errorf("parseHeader(%q) accepted a bad header", bad)
		}
	}
}
