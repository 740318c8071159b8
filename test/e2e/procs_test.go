package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startHusk starts `husk do -- ARGV` with the fixed env and cwd, stdin from
// the returned pipe's read end; extra files become fds 3.. of husk, as
// non-close-on-exec descriptors a CI runner might leak into a job.
func startHusk(t *testing.T, extra []*os.File, argv ...string) (cmd *exec.Cmd, stdin *os.File, stdout, stderr *bytes.Buffer) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command(huskBin(t), append([]string{"do", "--"}, argv...)...)
	cmd.Env, cmd.Dir = fixedEnv, fixedCwd
	stdout, stderr = new(bytes.Buffer), new(bytes.Buffer)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = r, stdout, stderr
	cmd.ExtraFiles = extra
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.Close()
	t.Cleanup(func() {
		// Whatever the test did, take the run's whole tree down.
		for _, p := range descendants(cmd.Process.Pid) {
			syscall.Kill(p.pid, syscall.SIGKILL)
		}
		w.Close()
		if cmd.ProcessState == nil {
			cmd.Wait()
		}
	})
	return cmd, w, stdout, stderr
}

// waitExit waits up to d for cmd to exit.
func waitExit(t *testing.T, cmd *exec.Cmd, d time.Duration) {
	t.Helper()
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("husk did not exit within %v", d)
	}
}

// fdInfo is one host descriptor of a process.
type fdInfo struct {
	fd     int
	target string // readlink of /proc/PID/fd/N
	st     syscall.Stat_t
	flags  int // from fdinfo, octal
}

// processFDs lists pid's open descriptors.
func processFDs(t *testing.T, pid int) []fdInfo {
	t.Helper()
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	var fds []fdInfo
	for _, e := range ents {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		fi := fdInfo{fd: n}
		fi.target, _ = os.Readlink(filepath.Join(dir, e.Name()))
		if err := syscall.Stat(filepath.Join(dir, e.Name()), &fi.st); err != nil {
			continue // closed meanwhile
		}
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/fdinfo/%d", pid, n))
		if err != nil {
			continue
		}
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "flags:"); ok {
				f, _ := strconv.ParseInt(strings.TrimSpace(v), 8, 64)
				fi.flags = int(f)
			}
		}
		fds = append(fds, fi)
	}
	return fds
}

// TestThreeProcessesNoHostOpens checks the shape of a sandbox and that its
// sentry opens no host file once the app runs.
//
// Why not `strace -f bin/husk do ...` from the start: strace -f auto-attaches
// to the sentry's stub processes as they are forked, so the stub's
// PTRACE_TRACEME fails (EPERM) and the sentry can never trace its own stub
// (the run hangs). Instead, with the app started and blocked reading stdin
// (`busybox cat - /etc/passwd /etc/os-release`), the test:
//  1. checks the process tree: husk has exactly two children, husk-sentry and
//     husk-gofer, and the sentry's descendants (the stubs) are the app;
//  2. reads /proc/<sentry>/fd and fdinfo: apart from stdio it holds no
//     directory, and every regular file it holds is either its memory file
//     (memfd; and systrap's context file) or read-only and the very file the gofer walked to (same
//     device and inode as one of the gofer's O_PATH descriptors). A
//     descriptor the sentry opened itself, or one husk leaked into it (the
//     test hands husk an inherited writable fd, as CI runners do), fails;
//  3. attaches `strace -f -p <sentry>` to every sentry thread (existing
//     stubs are not attached, so the platform keeps working), then closes
//     stdin: cat now opens two host files through the sandbox. The trace
//     must show the sentry receiving them from the gofer (recvmsg) and no
//     open/openat/openat2/creat at all.
func TestThreeProcessesNoHostOpens(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		t.Fatalf("strace not found: it is a required dependency (`make setup` installs it): %v", err)
	}
	dir := t.TempDir()
	leak, err := os.OpenFile(filepath.Join(dir, "leaked"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer leak.Close()

	// The leaked descriptor is husk's fd 23, as if inherited from a CI runner.
	extra := make([]*os.File, 21)
	extra[20] = leak
	cmd, stdin, stdout, stderr := startHusk(t, extra,
		"/bin/busybox", "cat", "-", "/etc/passwd", "/etc/os-release")
	sp := waitSandbox(t, cmd.Process.Pid)

	// 1. The process tree.
	var huskKids []string
	for _, p := range sp.all {
		if p.ppid == sp.husk.pid {
			huskKids = append(huskKids, p.argv0)
		}
	}
	if len(huskKids) != 2 {
		t.Errorf("husk's children: %q, want exactly husk-sentry and husk-gofer", huskKids)
	}
	if len(sp.all) != 3+len(sp.stubs) {
		t.Errorf("the run's processes: %+v, want husk, sentry, gofer and the sentry's stubs only", sp.all)
	}

	// 2. The sentry's descriptors.
	// The gofer holds an O_PATH descriptor for each file it walked to (its
	// other descriptors, its Go runtime's included, do not count). The app
	// may still be starting (the sentry opening its binary), so the sentry's
	// descriptors are read first (the gofer walked to a file before it
	// donated it), and a mismatch must last: it is looked at again for a
	// while before it counts.
	var problems []string
	for try := 0; try < 20; try++ {
		problems = sentryFDProblems(t, sp)
		if len(problems) == 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, p := range problems {
		t.Error(p)
	}

	// 3. No opens by the sentry while the app opens files.
	trace := filepath.Join(dir, "strace.out")
	sc := exec.Command(strace, "-f", "-qq", "-e", "trace=open,openat,openat2,creat,recvmsg",
		"-o", trace, "-p", strconv.Itoa(sp.sentry.pid))
	var scErr bytes.Buffer
	sc.Stderr = &scErr
	if err := sc.Start(); err != nil {
		t.Fatal(err)
	}
	defer sc.Process.Kill()
	waitTraced(t, sp.sentry.pid, sc.Process.Pid)
	stdin.Close()
	waitExit(t, cmd, 20*time.Second)
	scDone := make(chan error, 1)
	go func() { scDone <- sc.Wait() }()
	select {
	case <-scDone: // strace ends with the sentry
	case <-time.After(5 * time.Second):
		t.Fatalf("strace did not end with the sentry")
	}
	if code := exitCode(cmd.ProcessState); code != 0 {
		t.Fatalf("husk exit %d; stderr:\n%s", code, stderr.String())
	}
	want := run(t, "", "/bin/busybox", "cat", "/etc/passwd", "/etc/os-release")
	if stdout.String() != want.stdout {
		t.Errorf("cat's output in husk differs from native:\n%s", diffLines(want.stdout, stdout.String()))
	}
	b, err := os.ReadFile(trace)
	if err != nil {
		t.Fatalf("strace wrote no trace: %v; its stderr:\n%s", err, scErr.String())
	}
	var opens []string
	recvmsgs := 0
	for _, l := range lines(string(b)) {
		if strings.Contains(l, "recvmsg(") {
			recvmsgs++
		}
		for _, c := range []string{" open(", " openat(", " openat2(", " creat("} {
			if strings.Contains(l, c) {
				opens = append(opens, l)
			}
		}
	}
	if len(opens) > 0 {
		t.Errorf("the sentry opened host files after boot:\n%s", strings.Join(opens, "\n"))
	}
	if recvmsgs == 0 {
		t.Errorf("the trace shows no recvmsg from the gofer: it did not see the sentry at work, so it proves nothing:\n%s", b)
	}
}

// sentryFDProblems lists what is wrong with the sentry's descriptors now:
// a directory, a host file open for writing or one the gofer holds no
// O_PATH descriptor for, or other than one memory file.
func sentryFDProblems(t *testing.T, sp sandboxProcs) []string {
	var problems []string
	sentryFDs := processFDs(t, sp.sentry.pid)
	goferFiles := map[[2]uint64]bool{}
	for _, f := range processFDs(t, sp.gofer.pid) {
		if f.flags&oPath != 0 {
			goferFiles[[2]uint64{f.st.Dev, f.st.Ino}] = true
		}
	}
	memfds := 0
	for _, f := range sentryFDs {
		if f.fd <= 2 {
			continue // the app's stdio: husk's own
		}
		switch f.st.Mode & syscall.S_IFMT {
		case syscall.S_IFDIR:
			problems = append(problems, fmt.Sprintf("sentry fd %d is a directory (%s)", f.fd, f.target))
		case syscall.S_IFREG:
			if strings.HasPrefix(f.target, "/memfd:husk-memory") {
				memfds++
				continue
			}
			if strings.HasPrefix(f.target, "/memfd:husk-systrap") {
				continue // systrap's context file (the stubs' shared slots)
			}
			if f.flags&syscall.O_ACCMODE != syscall.O_RDONLY {
				problems = append(problems, fmt.Sprintf("sentry fd %d (%s) is open for writing (flags %#o)", f.fd, f.target, f.flags))
			}
			if !goferFiles[[2]uint64{f.st.Dev, f.st.Ino}] {
				problems = append(problems, fmt.Sprintf("sentry fd %d (%s, flags %#o) is a host file the gofer did not serve", f.fd, f.target, f.flags))
			}
		}
	}
	if memfds != 1 {
		problems = append(problems, fmt.Sprintf("sentry holds %d memory files, want 1", memfds))
	}
	return problems
}

// oPath is O_PATH on linux/amd64.
const oPath = 0o10000000

// waitTraced waits until every thread of pid is traced by tracer.
func waitTraced(t *testing.T, pid, tracer int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
		all := len(tasks) > 0
		for _, task := range tasks {
			b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/status", pid, task.Name()))
			if !strings.Contains(string(b), "TracerPid:\t"+strconv.Itoa(tracer)+"\n") {
				all = false
			}
		}
		if all {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("strace (pid %d) did not attach to every thread of the sentry (pid %d) within 10s", tracer, pid)
}

// TestNoProcessLeftBehind kills one process of a running sandbox and checks
// that all of them (husk, sentry, gofer, stubs) are gone within 5s, and how
// husk reports it.
func TestNoProcessLeftBehind(t *testing.T) {
	for _, victim := range []string{"sentry", "gofer", "husk"} {
		t.Run(victim, func(t *testing.T) {
			cmd, _, _, stderr := startHusk(t, nil, "/bin/busybox", "sleep", "30")
			sp := waitSandbox(t, cmd.Process.Pid)
			recorded := sp.all
			target := map[string]proc{"sentry": sp.sentry, "gofer": sp.gofer, "husk": sp.husk}[victim]
			if err := syscall.Kill(target.pid, syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			waitExit(t, cmd, 5*time.Second)
			deadline := time.Now().Add(5 * time.Second)
			var left []proc
			for {
				left = left[:0]
				for _, p := range recorded {
					if alive(p) {
						left = append(left, p)
					}
				}
				if len(left) == 0 || time.Now().After(deadline) {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			for _, p := range left {
				t.Errorf("5s after SIGKILL to the %s: pid %d (%s, parent %d) is still alive", victim, p.pid, p.argv0, p.ppid)
			}
			code := exitCode(cmd.ProcessState)
			switch victim {
			case "husk":
				if code != 128+int(syscall.SIGKILL) {
					t.Errorf("husk exit %d, want %d", code, 128+int(syscall.SIGKILL))
				}
			default:
				if code == 0 {
					t.Errorf("husk exited 0 after its %s was killed", victim)
				}
				if ls := lines(stderr.String()); len(ls) != 1 || !strings.Contains(ls[0], victim) {
					t.Errorf("husk's stderr after its %s was killed: want one line naming the %s, got:\n%s", victim, victim, stderr.String())
				}
			}
		})
	}
}

// TestUnderStraceFollowingForks checks that husk run under `strace -f` ends
// instead of hanging: strace takes each stub as it is forked, so the stub's
// own PTRACE_TRACEME fails and the sentry can never trace it. husk must then
// fail with a line naming the platform, within seconds.
func TestUnderStraceFollowingForks(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		t.Fatalf("strace not found: it is a required dependency (`make setup` installs it): %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, strace, "-f", "-qq", "-e", "trace=none", "-o", "/dev/null",
		huskBin(t), "do", "--", "/bin/busybox", "echo", "hi")
	cmd.Env, cmd.Dir = fixedEnv, fixedCwd
	// On a hang, kill strace and everything under it (husk, the sentry; the
	// gofer and stubs follow by their parent-death signal).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 2 * time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("husk under strace -f still running after 15s (hung); stderr:\n%s", errb.String())
	}
	code := exitCode(cmd.ProcessState)
	if code == 0 {
		if out.String() != "hi\n" {
			t.Errorf("exit 0 but stdout %q", out.String())
		}
		return
	}
	if !strings.Contains(errb.String(), "ptrace") {
		t.Errorf("exit %d with no line naming the ptrace platform; stderr:\n%s", code, errb.String())
	}
}
