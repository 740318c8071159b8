package syscalls

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestNamesComplete checks that the table names every amd64 syscall number:
// 0..334 and 424..469, each once, with no other numbers.
func TestNamesComplete(t *testing.T) {
	seen := map[string]uintptr{}
	for nr, name := range names {
		if name == "" {
			t.Errorf("syscall %d has no name", nr)
		}
		if prev, dup := seen[name]; dup {
			t.Errorf("name %q used by %d and %d", name, prev, nr)
		}
		seen[name] = nr
	}
	want := 0
	for _, r := range [][2]uintptr{{0, 334}, {424, 469}} {
		for nr := r[0]; nr <= r[1]; nr++ {
			want++
			if _, ok := names[nr]; !ok {
				t.Errorf("syscall %d missing from the table", nr)
			}
		}
	}
	if len(names) != want {
		t.Errorf("table has %d numbers, want %d (0..334 and 424..469)", len(names), want)
	}
	// A few numbers every libc relies on.
	for nr, name := range map[uintptr]string{0: "read", 1: "write", 9: "mmap", 59: "execve", 60: "exit", 231: "exit_group", 257: "openat", 435: "clone3", 439: "faccessat2"} {
		if names[nr] != name {
			t.Errorf("names[%d] = %q, want %q", nr, names[nr], name)
		}
	}
}

// TestRegistryNamesExist checks that every registered handler is reachable:
// a registration under a name the table lacks would be silently dropped.
func TestRegistryNamesExist(t *testing.T) {
	known := map[string]bool{}
	for _, name := range names {
		known[name] = true
	}
	for name, e := range registry {
		if !known[name] {
			t.Errorf("handler registered for %q, which is not an amd64 syscall name", name)
		}
		if e.handler == nil && e.Status != Unsupported {
			t.Errorf("%s: status %v but no handler", name, e.Status)
		}
	}
}

// TestAll checks what `husk syscalls` prints: sorted, no duplicates, every
// number present, handlers exactly where the status promises one.
func TestAll(t *testing.T) {
	all := All()
	if len(all) != len(names) {
		t.Fatalf("All() has %d entries, want %d", len(all), len(names))
	}
	nrs := map[uintptr]bool{}
	byName := map[string]bool{}
	for i, e := range all {
		if nrs[e.Nr] {
			t.Errorf("number %d listed twice", e.Nr)
		}
		if byName[e.Name] {
			t.Errorf("name %q listed twice", e.Name)
		}
		nrs[e.Nr], byName[e.Name] = true, true
		if i > 0 && all[i-1].Nr >= e.Nr {
			t.Errorf("not sorted at %d: %d then %d", i, all[i-1].Nr, e.Nr)
		}
		if names[e.Nr] != e.Name {
			t.Errorf("entry %d named %q, table says %q", e.Nr, e.Name, names[e.Nr])
		}
		switch e.Status {
		case Unsupported:
			if e.Note == "" {
				t.Errorf("%s: unsupported without a note", e.Name)
			}
		case Partial:
			if e.handler == nil {
				t.Errorf("%s: partial without a handler", e.Name)
			}
			if e.Note == "" {
				t.Errorf("%s: partial must say what is missing", e.Name)
			}
		case Supported:
			if e.handler == nil {
				t.Errorf("%s: supported without a handler", e.Name)
			}
		default:
			t.Errorf("%s: unknown status %d", e.Name, e.Status)
		}
	}
	tb := New(nil)
	if len(tb.entries) != len(all) {
		t.Errorf("New has %d entries, want %d", len(tb.entries), len(all))
	}
	for _, e := range all {
		if got := tb.entries[e.Nr]; got == nil || got.Name != e.Name || got.Status != e.Status {
			t.Errorf("New's entry %d = %+v, want %s %v", e.Nr, got, e.Name, e.Status)
		}
	}
}

// TestSupportedHaveCompatTests enforces DESIGN.md: every syscall the table
// calls supported has at least one test/syscalls/<family>/<name>_<behaviour>.c.
func TestSupportedHaveCompatTests(t *testing.T) {
	_, self, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("runtime.Caller failed")
	}
	dir := filepath.Join(filepath.Dir(self), "..", "..", "test", "syscalls")
	if _, err := os.Stat(filepath.Join(dir, "common.h")); err != nil {
		t.Fatalf("compat suite not found: %v", err)
	}
	supported := 0
	for _, e := range All() {
		if e.Status != Supported {
			continue
		}
		supported++
		m, err := filepath.Glob(filepath.Join(dir, "*", e.Name+"_*.c"))
		if err != nil {
			t.Fatal(err)
		}
		if len(m) == 0 {
			t.Errorf("%s (%d) is supported but has no test/syscalls/<family>/%s_<behaviour>.c", e.Name, e.Nr, e.Name)
		}
	}
	if supported == 0 {
		t.Error("no supported syscalls: the table is empty?")
	}
}
