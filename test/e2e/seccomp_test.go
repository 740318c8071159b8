package e2e

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// seccompMode reads the Seccomp: line of /proc/<pid>/status (2 = filter);
// "gone" if the process no longer exists.
func seccompMode(t *testing.T, pid int) string {
	t.Helper()
	b, err := os.ReadFile("/proc/" + itoa(pid) + "/status")
	if os.IsNotExist(err) {
		return "gone"
	}
	if err != nil {
		t.Fatalf("reading status of %d: %v", pid, err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "Seccomp:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "Seccomp:"))
		}
	}
	return "?"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// TestFiltersInstalled checks that while the app runs, the sentry, the gofer
// and the stub that runs app code all run under a seccomp filter (mode 2),
// and the husk CLI, which starts them, does not.
func TestFiltersInstalled(t *testing.T) {
	cmd, _, _, _ := startHusk(t, nil, "/bin/busybox", "sleep", "30")
	sp := waitSandbox(t, cmd.Process.Pid)
	defer func() {
		syscall.Kill(cmd.Process.Pid, syscall.SIGKILL)
		waitExit(t, cmd, 5*time.Second)
	}()
	// The filter goes in just before the first app instruction: give the
	// sentry the moment between fork of the stub and the app's first run.
	deadline := time.Now().Add(5 * time.Second)
	for seccompMode(t, sp.sentry.pid) != "2" && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	for i, p := range append([]proc{sp.sentry, sp.gofer}, sp.stubs...) {
		if i >= 2 && !alive(p) {
			continue // a stub released meanwhile (systrap reaps in the background)
		}
		if m := seccompMode(t, p.pid); m != "2" && !(i >= 2 && m == "gone") {
			t.Errorf("%s (pid %d): Seccomp: %s, want 2 (filter)", p.argv0, p.pid, m)
		}
	}
	if m := seccompMode(t, sp.husk.pid); m != "0" {
		t.Errorf("husk CLI: Seccomp: %s, want 0", m)
	}
}

// TestSentryPanicUnderFilter checks rule 3 of DESIGN.md with the filter on:
// a sentry panic (recovered on the main goroutine, or fatal on another one)
// ends the sandbox within seconds with one clear line, never a SIGSYS from a
// call off the allowlist, and leaves no sentry, gofer or stub behind.
func TestSentryPanicUnderFilter(t *testing.T) {
	bin := huskBin(t)
	for _, mode := range []string{"main", "goroutine"} {
		t.Run(mode, func(t *testing.T) {
			start := time.Now()
			cmd := exec.Command(bin, "do", "--", "/bin/busybox", "sleep", "20")
			cmd.Env = append(append([]string{}, fixedEnv...), "HUSK_TEST_SENTRY_PANIC="+mode)
			cmd.Dir = fixedCwd
			// Its own session marks every process of this sandbox (sentry,
			// gofer, stubs), whatever else runs husk on the machine.
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
			out, _ := cmd.CombinedOutput()
			sid := cmd.Process.Pid
			if d := time.Since(start); d > 10*time.Second {
				t.Fatalf("the sandbox took %v to end after a sentry panic", d)
			}
			code := exitCode(cmd.ProcessState)
			if code == 0 {
				t.Fatalf("exit 0 after a sentry panic; output:\n%s", out)
			}
			if !strings.Contains(string(out), "panic") {
				t.Errorf("no line names the panic; output:\n%s", out)
			}
			if strings.Contains(string(out), "bad system call") {
				t.Errorf("the panic path made a call off the allowlist; output:\n%s", out)
			}
			deadline := time.Now().Add(5 * time.Second)
			for sessionProcs(sid) > 0 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			if n := sessionProcs(sid); n > 0 {
				t.Errorf("%d sandbox processes left behind after the panic", n)
			}
		})
	}
}

// sessionProcs counts the live processes of session sid.
func sessionProcs(sid int) int {
	n := 0
	for _, p := range allProcs() {
		if p.sid == sid && p.state != 'Z' {
			n++
		}
	}
	return n
}
