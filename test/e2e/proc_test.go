package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSandboxProc checks rule 5 of DESIGN.md for /proc and /sys: the app
// sees the sandbox's own /proc (its processes only, its mounts, its paths),
// never the host's, although the gofer serves the host's root.
func TestSandboxProc(t *testing.T) {
	bin := huskBin(t)
	bb := "/bin/busybox"
	r := husk(t, "do", "--", bb, "sh", "-c",
		"readlink /proc/self/exe; echo pids; ls /proc | grep '^[0-9]'; echo cmdline; cat /proc/1/cmdline | tr '\\0' ' '; echo;"+
			" echo mountinfo; cat /proc/self/mountinfo; echo mounts; cat /proc/mounts; echo sys; ls /sys; cat /sys/devices/system/cpu/online; echo end")
	if !strings.Contains(r.stdout, "end") {
		t.Fatalf("the shell did not finish: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	// The sandbox's own root is an overlay (sentry/fs/overlay): its two
	// lines say so, and nothing else may (the host's root may be one).
	own := strings.NewReplacer(" - overlay overlay rw\n", "", "overlay / overlay rw,relatime 0 0\n", "").Replace(r.stdout)
	for _, leak := range []string{bin, filepath.Dir(bin), "husk-sentry", "husk-gofer", "systemd", "cgroup", "ext4", "overlay", "xfs", "btrfs"} {
		if strings.Contains(own, leak) {
			t.Errorf("the app read %q, a host fact, from /proc or /sys:\n%s", leak, r.stdout)
		}
	}
	sec := func(name, next string) []string {
		_, after, _ := strings.Cut(r.stdout, name+"\n")
		before, _, _ := strings.Cut(after, next+"\n")
		return lines(before)
	}
	real, err := filepath.EvalSymlinks(bb)
	if err != nil {
		t.Fatal(err)
	}
	if got, _, _ := strings.Cut(r.stdout, "\n"); got != real {
		t.Errorf("readlink /proc/self/exe: got %q, want %q", got, real)
	}
	// The shell (pid 1), ls and grep: only the sandbox's small pids.
	pids := sec("pids", "cmdline")
	if len(pids) < 1 || pids[0] != "1" {
		t.Errorf("/proc pids: got %q, want the sandbox's, starting at 1", pids)
	}
	for _, p := range pids {
		if n, err := strconv.Atoi(p); err != nil || n > 10 {
			t.Errorf("/proc lists %q: not a pid of this sandbox's few processes", p)
		}
	}
	if got := sec("cmdline", "mountinfo"); len(got) != 1 || !strings.HasPrefix(got[0], bb+" sh -c readlink") {
		t.Errorf("/proc/1/cmdline: got %q, want the sandbox's first process", got)
	}
	mi := sec("mountinfo", "mounts")
	mountRE := regexp.MustCompile(`^\d+ \d+ \d+:\d+ / (\S+) \S+ - (\S+) (\S+) \S+$`)
	points := map[string]string{}
	for _, l := range mi {
		m := mountRE.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("mountinfo line %q is not in Linux's format", l)
			continue
		}
		points[m[1]] = m[2]
	}
	// husk do mounts the working directory (fixedCwd) at its own path.
	if points["/"] != "overlay" || points["/proc"] != "proc" || points["/sys"] != "sysfs" || points[fixedCwd] != "bind" || len(points) != 4 {
		t.Errorf("mountinfo: want exactly the sandbox's /, /proc, /sys and the working directory %s, got %v", fixedCwd, points)
	}
	if got := sec("sys", "end"); len(got) < 2 || got[len(got)-1] == "" {
		t.Errorf("/sys: got %q", got)
	}
}

// TestProcEscape tries to leave the sandbox through /proc: its root link,
// "..", the magic links of its own descriptors, and the host pids of the
// sandbox's own sentry and gofer, which must not exist in its /proc.
func TestProcEscape(t *testing.T) {
	cmd, stdin, stdout, stderr := startHusk(t, nil, "/bin/busybox", "sh", "-c",
		`read sentry gofer
for p in $sentry $gofer; do
  if [ -e /proc/$p ]; then echo "host pid $p visible"; cat /proc/$p/cmdline; echo; fi
done
echo root=$(readlink /proc/self/root)
cd /proc/self/root/../../.. && echo up=$(pwd -P)
ls -di / /proc/self/root/ /proc/1/root/.. /proc/self/cwd/../../../.. | while read ino name; do echo "$ino"; done | sort -u | wc -l
readlink /proc/self/fd/0
cat /proc/self/root/proc/self/root/etc/hostname >/dev/null && echo nested ok
echo end`)
	sp := waitSandbox(t, cmd.Process.Pid)
	fmt.Fprintf(stdin, "%d %d\n", sp.sentry.pid, sp.gofer.pid)
	stdin.Close()
	waitExit(t, cmd, 30*time.Second)
	out := stdout.String()
	if !strings.Contains(out, "end") {
		t.Fatalf("the shell did not finish: stdout %q, stderr %q", out, stderr.String())
	}
	if strings.Contains(out, "visible") {
		t.Errorf("the sandbox sees its own host processes in /proc:\n%s", out)
	}
	for _, want := range []string{"root=/\n", "up=/\n", "\n1\n", "nested ok\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in the output (every way up ends at the sandbox's root):\n%s", want, out)
		}
	}
	// Stdin is a host pipe: its name is pipe:[N], never a host path.
	if !regexp.MustCompile(`\npipe:\[\d+\]\n`).MatchString(out) {
		t.Errorf("readlink /proc/self/fd/0 of a host pipe: want pipe:[N]:\n%s", out)
	}
}

const procGoProgram = `package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

func main() {
	exe, err := os.Executable()
	self, _ := filepath.EvalSymlinks(os.Args[0])
	fmt.Println("executable", err == nil && exe == self)
	b, _ := os.ReadFile("/proc/self/status")
	fmt.Println("status pid", strings.Contains(string(b), fmt.Sprintf("\nPid:\t%d\n", os.Getpid())))
	c, _ := os.ReadFile("/proc/self/cmdline")
	fmt.Println("cmdline", string(c) == strings.Join(os.Args, "\x00")+"\x00")
	fmt.Println("cpus", runtime.NumCPU() > 0)
	ents, _ := os.ReadDir("/proc/self/fd")
	fmt.Println("fds", len(ents) >= 3)
}
`

// TestProcGo runs the go tool itself (it finds GOROOT through
// /proc/self/exe) and a Go program that reads os.Executable, its status and
// command line, natively and in husk.
func TestProcGo(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = "/usr/local/go/bin/go"
	}
	if _, err := os.Stat(gobin); err != nil {
		t.Fatalf("go missing: %v", err)
	}
	for _, args := range [][]string{{"version"}, {"env", "GOROOT", "GOVERSION"}} {
		native := run(t, "", append([]string{gobin}, args...)...)
		in := husk(t, append([]string{"do", "--", gobin}, args...)...)
		if native.code != 0 || in.code != 0 || in.stdout != native.stdout {
			t.Errorf("go %v: husk exit %d %q (stderr %s); native exit %d %q", args, in.code, in.stdout, in.stderr, native.code, native.stdout)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.go"), []byte(procGoProgram), 0o644)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module p\ngo 1.26\n"), 0o644)
	bin := filepath.Join(dir, "prog")
	cmd := exec.Command(gobin, "build", "-o", bin, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	want := "executable true\nstatus pid true\ncmdline true\ncpus true\nfds true\n"
	native := run(t, "", bin, "arg one")
	in := husk(t, "do", "--", bin, "arg one")
	if native.stdout != want {
		t.Fatalf("native run: %q, want %q (stderr %s)", native.stdout, want, native.stderr)
	}
	if in.code != 0 || in.stdout != want {
		t.Errorf("husk: exit %d, %q (stderr %s), want %q", in.code, in.stdout, in.stderr, want)
	}
}

const procPythonProgram = `
import os, sys
status = dict(l.split(":", 1) for l in open("/proc/self/status").read().splitlines())
print(int(status["Pid"]) == os.getpid(), int(status["PPid"]) == os.getppid(), status["Name"].strip())
print(os.path.realpath("/proc/self/exe") == os.path.realpath(sys.executable))
print(sorted(int(f) for f in os.listdir("/proc/self/fd"))[:3])
print(os.cpu_count() == len(os.sched_getaffinity(0)) or os.cpu_count() >= len(os.sched_getaffinity(0)))
print(open("/proc/self/cmdline", "rb").read().split(b"\0")[-2].decode())
`

// TestProcPython runs python3 reading /proc/self/status, exe, fd and cmdline.
func TestProcPython(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Fatalf("%s missing: make setup installs python3", py)
	}
	native := run(t, "", py, "-c", procPythonProgram, "last-arg")
	in := husk(t, "do", "--", py, "-c", procPythonProgram, "last-arg")
	if native.code != 0 {
		t.Fatalf("native python: exit %d: %s", native.code, native.stderr)
	}
	if in.code != native.code || in.stdout != native.stdout {
		t.Errorf("husk: exit %d, stdout %q, stderr %s; native: %q", in.code, in.stdout, in.stderr, native.stdout)
	}
}
