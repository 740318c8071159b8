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
		t.Skip("resource missing: script (bsdutils)")
	}
	args := []string{sc, "-qc", "tty; stty size; echo done", "/dev/null"}
	native := run(t, "", args...)
	if native.code != 0 {
		t.Fatalf("native script: exit %d: %s", native.code, native.stderr)
	}
	in := husk(t, append([]string{"do", "--"}, args...)...)
	if in.code != native.code || in.stdout != native.stdout {
		t.Errorf("husk: exit %d, stdout %q, stderr %s; native: %q", in.code, in.stdout, in.stderr, native.stdout)
	}
}

// TestPythonTestPty runs all of CPython's test_pty natively and in husk
// (the _copy tests need socketpair(2): sentry/socket/unix).
func TestPythonTestPty(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat("/usr/lib/python3.11/test/test_pty.py"); err != nil {
		t.Fatalf("CPython's test suite missing: make setup installs libpython3.11-testsuite")
	}
	dir := t.TempDir()
	args := []string{py, "-m", "test", "-v", "test_pty"}
	native := run(t, "", append([]string{"env", "TMPDIR=" + dir}, args...)...)
	if native.code != 0 {
		t.Fatalf("native test_pty: exit %d: %s%s", native.code, native.stdout, native.stderr)
	}
	in := husk(t, append([]string{"do", "--tmpfs", dir, "--", "env", "TMPDIR=" + dir}, args...)...)
	if in.code != 0 || !strings.Contains(in.stdout, "Tests result: SUCCESS") {
		t.Errorf("husk test_pty: exit %d\nstdout:\n%s\nstderr:\n%s", in.code, in.stdout, in.stderr)
	}
	if n, want := strings.Count(in.stdout, " ... ok"), strings.Count(native.stdout, " ... ok"); n != want || strings.Contains(in.stdout, "skipped") {
		t.Errorf("husk test_pty: %d tests ok, natively %d (none may be skipped)\n%s", n, want, in.stdout)
	}
}

// bashJobsProgram drives an interactive bash on a pty the way a person does,
// waiting for each output before typing on: a job stopped with ^Z (SIGTSTP
// from the line discipline), jobs and fg (tcsetpgrp, SIGCONT, a read
// restarted), ^C (SIGINT to the foreground group), exit.
const bashJobsProgram = `import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execve("/bin/bash", ["bash", "--norc", "--noprofile", "-i"], {"PS1": "$ ", "TERM": "dumb", "PATH": "/usr/bin:/bin"})
out = b""
def expect(pat):
    global out
    end = time.time() + 10
    while pat not in out:
        if time.time() > end:
            sys.exit("timeout waiting for %r in %r" % (pat, out))
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                b = os.read(fd, 4096)
            except OSError:
                b = b""
            if not b:
                sys.exit("EOF waiting for %r in %r" % (pat, out))
            out += b
    i = out.index(pat) + len(pat)
    seen, out = out[:i], out[i:]
    return seen
log = []
log.append(expect(b"$ "))
os.write(fd, b"sh -c 'echo started; read x; echo resumed x=$x; exec sleep 30'\n")
log.append(expect(b"started\r\n"))
os.write(fd, b"\x1a")
log.append(expect(b"$ "))
os.write(fd, b"jobs; fg\n")
log.append(expect(b"sleep 30'\r\n"))
log.append(expect(b"sleep 30'\r\n"))
os.write(fd, b"go\n")
log.append(expect(b"resumed x=go\r\n"))
os.write(fd, b"\x03")
log.append(expect(b"$ "))
os.write(fd, b"echo status $?\n")
log.append(expect(b"status 130\r\n"))
log.append(expect(b"$ "))
os.write(fd, b"exit\n")
log.append(expect(b"exit\r\n"))
_, st = os.waitpid(pid, 0)
for l in log:
    print(l.decode().replace("\r", "<CR>"))
print("bash", os.waitstatus_to_exitcode(st))
`

// TestBashJobControl runs bashJobsProgram natively and in husk and compares
// the transcripts.
func TestBashJobControl(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Fatalf("%s missing: make setup installs python3", py)
	}
	native := run(t, "", py, "-c", bashJobsProgram)
	if native.code != 0 {
		t.Fatalf("native: exit %d: %s%s", native.code, native.stdout, native.stderr)
	}
	in := husk(t, "do", "--", py, "-c", bashJobsProgram)
	if in.code != native.code || in.stdout != native.stdout {
		t.Errorf("husk: exit %d, stdout %q, stderr %s; native: %q", in.code, in.stdout, in.stderr, native.stdout)
	}
}
