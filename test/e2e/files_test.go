package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestStdioSharedOffset: stdout and stderr redirected into one host file
// (2>&1) share the host's offset, as natively: nothing is overwritten.
func TestStdioSharedOffset(t *testing.T) {
	bin := huskBin(t)
	script := "echo one; echo two >&2; echo three; echo four >&2"
	var got [2]string
	for i, argv := range [][]string{{"/bin/sh", "-c", script}, {bin, "do", "--", "/bin/sh", "-c", script}} {
		path := filepath.Join(t.TempDir(), "out")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env, cmd.Dir = fixedEnv, fixedCwd
		cmd.Stdout, cmd.Stderr = f, f
		if err := cmd.Run(); err != nil {
			t.Fatalf("%q: %v", argv, err)
		}
		f.Close()
		b, _ := os.ReadFile(path)
		got[i] = string(b)
	}
	if got[0] != "one\ntwo\nthree\nfour\n" || got[1] != got[0] {
		t.Errorf("native %q, husk %q", got[0], got[1])
	}
}

// TestTmpfs: --tmpfs covers a directory with an empty writable filesystem
// that lives in the sandbox only; the host directory is untouched, and the
// rest of the root stays read-only with --root-ro.
func TestTmpfs(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "host-file"), []byte("host"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := husk(t, "do", "--root-ro", "--tmpfs", dir, "--", "/bin/sh", "-c",
		"cd "+dir+" && ls -A && echo sandboxed > f && mkdir sub && mv f sub/g && cat sub/g && ls -A; echo x > /etc/husk-probe || echo refused")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if r.stdout != "sandboxed\nsub\nrefused\n" {
		t.Errorf("stdout %q, want the tmpfs empty at first, then the file moved, and /etc refused", r.stdout)
	}
	if !strings.Contains(r.stderr, "Read-only file system") {
		t.Errorf("writing /etc: stderr %q, want EROFS", r.stderr)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != "host-file" {
		t.Errorf("the host directory changed: %v", ents)
	}
	if r := husk(t, "do", "--tmpfs", "/nonexistent", "--", "/bin/true"); r.code == 0 || !strings.Contains(r.stderr, "--tmpfs /nonexistent") {
		t.Errorf("--tmpfs on a missing directory: exit %d, stderr %q", r.code, r.stderr)
	}
}
