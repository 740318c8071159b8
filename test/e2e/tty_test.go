package e2e

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

const ptyProgram = `
import os, pty, sys
m, s = os.openpty()
print("ttyname", os.ttyname(s).startswith("/dev/pts/"), os.isatty(m), os.isatty(s))
os.write(m, b"hello\n")
print("replica read", os.read(s, 100))
os.write(s, b"world\n")
got = b""
while b"world" not in got:
    got += os.read(m, 100)
print("master read", got)
os.close(s)
os.close(m)
sys.stdout.flush()
pid, fd = pty.fork()
if pid == 0:
    print("child", os.ttyname(0).startswith("/dev/pts/"), os.getsid(0) == os.getpid(), os.tcgetpgrp(0) == os.getpid())
    with open("/dev/tty", "w") as t:
        t.write("via /dev/tty\n")
    print("child got", repr(sys.stdin.readline()))
    sys.stdout.flush()
    os._exit(3)
out = b""
typed = False
while True:
    try:
        b = os.read(fd, 1024)
    except OSError:
        break
    if not b:
        break
    out += b
    if not typed and b"via /dev/tty" in out:
        os.write(fd, b"typed\n")
        typed = True
print("status", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
print(out.decode().replace("\r", "<CR>"))
`

// TestPty runs python's os.openpty and pty.fork (a child in its own session
// with the pty as controlling terminal, /dev/tty, the master reading to
// EIO) natively and in husk and compares.
func TestPty(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Fatalf("%s missing: make setup installs python3", py)
	}
	native := run(t, "", py, "-c", ptyProgram)
	if native.code != 0 {
		t.Fatalf("native python: exit %d: %s", native.code, native.stderr)
	}
	in := husk(t, "do", "--", py, "-c", ptyProgram)
	if in.code != native.code || in.stdout != native.stdout {
		t.Errorf("husk: exit %d, stdout %q, stderr %s; native: %q", in.code, in.stdout, in.stderr, native.stdout)
	}
}

// TestScript runs util-linux's script (a pty, a child session that takes
// it as controlling terminal, tty(1) in it) natively and in husk.
func TestScript(t *testing.T) {
	sc, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script (bsdutils) is not installed")
	}
	args := []string{sc, "-qc", "tty; stty size; echo done", "/dev/null"}
	native := run(t, "", args...)
	if native.code != 0 {
		t.Fatalf("native script: exit %d: %s", native.code, native.stderr)
	}
	in := husk(t, append([]string{"do", "--"}, args...)...)
	if in.code != 0 && strings.Contains(in.stderr, "Function not implemented") {
		t.Skipf("script needs signalfd4, which husk does not have yet: %s", strings.TrimSpace(in.stderr))
	}
	if in.code != native.code || in.stdout != native.stdout {
		t.Errorf("husk: exit %d, stdout %q, stderr %s; native: %q", in.code, in.stdout, in.stderr, native.stdout)
	}
}

// TestPythonTestPty runs CPython's test_pty natively and in husk: every test
// but the two that need socketpair(2), which husk does not have yet.
func TestPythonTestPty(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat("/usr/lib/python3.11/test/test_pty.py"); err != nil {
		t.Fatalf("CPython's test suite missing: make setup installs libpython3.11-testsuite")
	}
	dir := t.TempDir()
	args := []string{py, "-m", "test", "test_pty"}
	for _, m := range []string{"test_fork", "test_master_read", "test_openpty", "test_spawn_doesnt_hang", "test__restore_tty_mode_normal_return"} {
		args = append(args, "-m", m)
	}
	native := run(t, "", append([]string{"env", "TMPDIR=" + dir}, args...)...)
	if native.code != 0 {
		t.Fatalf("native test_pty: exit %d: %s%s", native.code, native.stdout, native.stderr)
	}
	in := husk(t, append([]string{"do", "--tmpfs", dir, "--", "env", "TMPDIR=" + dir}, args...)...)
	if in.code != 0 || !strings.Contains(in.stdout, "Tests result: SUCCESS") {
		t.Errorf("husk test_pty: exit %d\nstdout:\n%s\nstderr:\n%s", in.code, in.stdout, in.stderr)
	}
}
