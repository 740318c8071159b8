package e2e

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// TestSameAsNative runs each command natively and in `husk do` with the same
// environment and cwd, and requires the same stdout and exit status. The
// expected output is always measured natively in this run.
func TestSameAsNative(t *testing.T) {
	bb := "/bin/busybox"
	cases := []struct {
		name string
		argv []string
	}{
		{"busybox/echo", []string{bb, "echo", "hello", "from", "husk"}},
		{"busybox/cat", []string{bb, "cat", "/etc/passwd"}},
		{"busybox/ls", []string{bb, "ls", "-la", "/usr"}},
		{"busybox/wc", []string{bb, "wc", "/etc/passwd"}},
		{"busybox/head", []string{bb, "head", "-5", "/etc/passwd"}},
		{"busybox/sort", []string{bb, "sort", "/etc/passwd"}},
		{"busybox/sha256sum", []string{bb, "sha256sum", bb}},
		{"busybox/uname", []string{bb, "uname", "-a"}},
		{"busybox/env", []string{bb, "env"}},
		{"busybox/id", []string{bb, "id"}},
		{"busybox/pwd", []string{bb, "pwd"}},
		{"busybox/stat", []string{bb, "stat", "/etc/passwd"}},
		{"busybox/find", []string{bb, "find", "/usr/include/linux", "-name", "*.h"}},
		{"busybox/true", []string{bb, "true"}},
		{"busybox/false", []string{bb, "false"}},
		{"coreutils/ls", []string{"/bin/ls", "-la", "/usr"}},
		{"coreutils/cat", []string{"/bin/cat", "/etc/os-release"}},
		{"coreutils/sha256sum", []string{"/usr/bin/sha256sum", "/bin/bash"}},
		{"coreutils/du", []string{"/usr/bin/du", "-s", "/usr/include"}},
	}
	bin := huskBin(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := os.Stat(c.argv[0]); err != nil {
				t.Skipf("resource missing: %s: %v", c.argv[0], err)
			}
			want := run(t, "", c.argv...)
			got := run(t, "", append([]string{bin, "do", "--"}, c.argv...)...)
			if got.code != want.code {
				t.Errorf("exit status: husk %d, native %d; husk stderr:\n%s", got.code, want.code, got.stderr)
			}
			if got.stdout != want.stdout {
				t.Errorf("stdout differs:\n%s", diffLines(want.stdout, got.stdout))
			}
			if want.stdout == "" && c.name != "busybox/true" && c.name != "busybox/false" {
				t.Errorf("native run printed nothing: the comparison proves nothing (stderr %q)", want.stderr)
			}
		})
	}
}

// diffLines shows the first differing line of want (native) and got (husk).
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl || i >= len(w) || i >= len(g) {
			return "line " + strconv.Itoa(i+1) + ":\n  native: " + strconv.Quote(wl) + "\n  husk:   " + strconv.Quote(gl) +
				"\n(" + strconv.Itoa(len(w)) + " native lines, " + strconv.Itoa(len(g)) + " husk lines)"
		}
	}
	return "(equal)"
}

// buildC compiles src with gcc into dir and returns the binary's path.
func buildC(t *testing.T, dir, name, src string, static bool) string {
	t.Helper()
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("resource missing: gcc (installed by `make setup`)")
	}
	c := filepath.Join(dir, name+".c")
	if err := os.WriteFile(c, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, name)
	args := []string{"-O0", "-o", bin, c}
	if static {
		args = append([]string{"-static"}, args...)
	}
	if out, err := exec.Command(gcc, args...).CombinedOutput(); err != nil {
		t.Fatalf("gcc %s: %v\n%s", name, err, out)
	}
	return bin
}

// TestExitStatus checks that husk exits as a shell would report the command.
func TestExitStatus(t *testing.T) {
	bin := huskBin(t)

	t.Run("exit3", func(t *testing.T) {
		argv := []string{"/bin/busybox", "sh", "-c", "exit 3"}
		want := run(t, "", argv...)
		got := run(t, "", append([]string{bin, "do", "--"}, argv...)...)
		if want.code != 3 || got.code != want.code {
			t.Errorf("husk %d, native %d, want 3 from both; husk stderr:\n%s", got.code, want.code, got.stderr)
		}
	})

	dir := t.TempDir() // under /tmp: inside the served root
	progs := []struct {
		name, src string
		want      int
	}{
		{"segv", "int main(void) { *(volatile int *)0 = 1; return 0; }\n", 128 + int(syscall.SIGSEGV)},
		{"abort", "#include <stdlib.h>\nint main(void) { abort(); }\n", 128 + int(syscall.SIGABRT)},
	}
	for _, p := range progs {
		for _, static := range []bool{false, true} {
			name := p.name
			if static {
				name += "-static"
			}
			t.Run(name, func(t *testing.T) {
				exe := buildC(t, dir, name, p.src, static)
				// What a shell reports natively, core dumps off.
				sh := run(t, "", "/bin/sh", "-c", "ulimit -c 0; "+exe+"; exit $?")
				if sh.code != p.want {
					t.Fatalf("native sh reports %d for %s, expected %d", sh.code, name, p.want)
				}
				got := run(t, "", bin, "do", "--", exe)
				if got.code != sh.code {
					t.Errorf("husk exit %d, native sh reports %d; husk stderr:\n%s", got.code, sh.code, got.stderr)
				}
			})
		}
	}

	// execErrCode is what a shell reports when execve fails with err.
	execErrCode := func(err error) int {
		switch {
		case errors.Is(err, syscall.ENOENT):
			return 127
		case errors.Is(err, syscall.ENOEXEC), errors.Is(err, syscall.EACCES):
			return 126
		}
		return -1
	}
	// nativeExec runs path directly (execve, no shell fallback) and returns
	// the error execve gave.
	nativeExec := func(t *testing.T, path string) error {
		err := exec.Command(path).Run()
		var pe *os.PathError
		if !errors.As(err, &pe) {
			t.Fatalf("native execve of %s: got %v, want an exec error", path, err)
		}
		return pe.Err
	}
	checkExecFailure := func(t *testing.T, path string) {
		t.Helper()
		nerr := nativeExec(t, path)
		want := execErrCode(nerr)
		got := run(t, "", bin, "do", "--", path)
		if got.code != want {
			t.Errorf("husk exit %d, want %d (native execve: %v)", got.code, want, nerr)
		}
		ls := lines(got.stderr)
		if len(ls) != 1 || !strings.Contains(ls[0], path) || !strings.Contains(ls[0], nerr.Error()) {
			t.Errorf("husk stderr: want one line naming %s and saying %q (as Linux does), got:\n%s", path, nerr.Error(), got.stderr)
		}
		if got.stdout != "" {
			t.Errorf("husk stdout: want nothing, got %q", got.stdout)
		}
	}

	t.Run("nonexistent", func(t *testing.T) {
		checkExecFailure(t, "/nonexistent")
		if sh := run(t, "", "/bin/sh", "-c", "/nonexistent"); sh.code != 127 {
			t.Errorf("native sh reports %d for a missing command, want 127", sh.code)
		}
	})
	t.Run("textfile", func(t *testing.T) {
		p := filepath.Join(dir, "notelf")
		if err := os.WriteFile(p, []byte("this is not a program\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		checkExecFailure(t, p)
	})
	t.Run("truncated-elf", func(t *testing.T) {
		p := filepath.Join(dir, "truncelf")
		if err := os.WriteFile(p, []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00"), 0o755); err != nil {
			t.Fatal(err)
		}
		checkExecFailure(t, p)
	})

	t.Run("no-command", func(t *testing.T) {
		got := husk(t, "do")
		if got.code == 0 {
			t.Errorf("husk do with no command exited 0")
		}
		if ls := lines(got.stderr); len(ls) != 1 || !strings.HasPrefix(ls[0], "husk: ") {
			t.Errorf("want one stderr line starting with \"husk: \", got:\n%s", got.stderr)
		}
	})
	// Each platform runs the same command the same way; auto picks systrap
	// where it works (here: the compat suite runs on both) and says so at
	// debug level.
	for _, pf := range []string{"ptrace", "systrap"} {
		t.Run("platform-"+pf, func(t *testing.T) {
			got := husk(t, "do", "--platform="+pf, "--", "/bin/busybox", "sh", "-c", "echo hi; exit 3")
			if got.code != 3 || got.stdout != "hi\n" {
				t.Errorf("husk do --platform=%s: exit %d, stdout %q, stderr:\n%s", pf, got.code, got.stdout, got.stderr)
			}
		})
	}
	t.Run("platform-auto", func(t *testing.T) {
		got := husk(t, "--debug", "do", "--", "/bin/busybox", "true")
		if got.code != 0 || !strings.Contains(got.stderr, "platform auto: systrap") {
			t.Errorf("husk --debug do: exit %d, want 0 and a line saying auto picked systrap; stderr:\n%s", got.code, got.stderr)
		}
	})
	t.Run("bogus-platform", func(t *testing.T) {
		got := husk(t, "do", "--platform=bogus", "--", "/bin/busybox", "true")
		if got.code == 0 {
			t.Errorf("husk do --platform=bogus exited 0")
		}
		if ls := lines(got.stderr); len(ls) != 1 || !strings.Contains(ls[0], "bogus") || !strings.Contains(ls[0], "platform") {
			t.Errorf("want one stderr line naming the platform \"bogus\", got:\n%s", got.stderr)
		}
	})
}

// TestSyscallsTable checks `husk syscalls` and `husk syscalls --json`.
func TestSyscallsTable(t *testing.T) {
	got := husk(t, "syscalls")
	if got.code != 0 {
		t.Fatalf("husk syscalls: exit %d\n%s", got.code, got.stderr)
	}
	row := regexp.MustCompile(`^\s*\d+\s+\S+\s+(supported|partial|unsupported)\b`)
	sum := regexp.MustCompile(`^(\d+) syscalls: (\d+) supported, (\d+) partial, (\d+) unsupported$`)
	rows := 0
	var summary []string
	for _, l := range lines(got.stdout) {
		if row.MatchString(l) {
			rows++
		} else if m := sum.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			summary = m
		}
	}
	if rows < 381 {
		t.Errorf("%d rows, want at least 381", rows)
	}
	if summary == nil {
		t.Fatalf("no summary line like \"N syscalls: S supported, P partial, U unsupported\"")
	}
	n := func(i int) int { v, _ := strconv.Atoi(summary[i]); return v }
	if n(1) != rows || n(2)+n(3)+n(4) != n(1) {
		t.Errorf("summary %q does not add up with %d rows", summary[0], rows)
	}

	js := husk(t, "syscalls", "--json")
	if js.code != 0 {
		t.Fatalf("husk syscalls --json: exit %d\n%s", js.code, js.stderr)
	}
	var entries []struct {
		Nr     int    `json:"nr"`
		Name   string `json:"name"`
		Status string `json:"status"`
		Note   string `json:"note"`
	}
	if err := json.Unmarshal([]byte(js.stdout), &entries); err != nil {
		t.Fatalf("--json output does not parse: %v", err)
	}
	if len(entries) != rows {
		t.Errorf("--json has %d entries, the table %d rows", len(entries), rows)
	}
	var read, unsupported bool
	for _, e := range entries {
		if e.Nr == 0 && e.Name == "read" && e.Status == "supported" {
			read = true
		}
		if e.Status == "unsupported" {
			unsupported = true
		}
	}
	if !read {
		t.Errorf("--json: no entry {nr 0, read, supported}")
	}
	if !unsupported {
		t.Errorf("--json: no entry with status unsupported")
	}
}

// TestStrace checks that --strace logs app syscalls to stderr and leaves
// stdout as it is natively.
func TestStrace(t *testing.T) {
	bin := huskBin(t)
	argv := []string{"/bin/busybox", "cat", "/etc/passwd"}
	want := run(t, "", argv...)
	got := run(t, "", append([]string{bin, "do", "--strace", "--"}, argv...)...)
	if got.code != want.code || got.stdout != want.stdout {
		t.Errorf("with --strace: exit %d (native %d), stdout differs from native: %v\n%s",
			got.code, want.code, got.stdout != want.stdout, diffLines(want.stdout, got.stdout))
	}
	if !strings.Contains(got.stderr, "openat(") {
		t.Errorf("--strace stderr names no openat( call; stderr:\n%.2000s", got.stderr)
	}
	// busybox cat copies with sendfile where it works, else with read and write.
	sendfile := strings.Contains(got.stderr, "sendfile(1, 3, ")
	readWrite := strings.Contains(got.stderr, "read(3, ") && strings.Contains(got.stderr, "write(1, ")
	if !sendfile && !readWrite {
		t.Errorf("--strace stderr names neither sendfile(1, 3, ...) nor read(3, ...) and write(1, ...); stderr:\n%.2000s", got.stderr)
	}
	plain := run(t, "", append([]string{bin, "do", "--"}, argv...)...)
	if strings.Contains(plain.stderr, "openat(") {
		t.Errorf("without --strace, stderr has syscall lines:\n%.2000s", plain.stderr)
	}
}
