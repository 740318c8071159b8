// Package e2e tests the built husk binary as users run it: `husk do` against
// the same commands run natively in the same test run, exit statuses, the
// shape of a sandbox's host processes, clean-up when any of them is killed,
// `husk syscalls` and `--strace`.
//
// Run `make build` first (or set HUSK_BIN); `make test-e2e` does both.
package e2e

import (
	"bytes"
	"context"
	"errors"
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

// fixedEnv is the whole environment of every run, native and in husk.
var fixedEnv = []string{"PATH=/usr/bin:/bin", "LANG=C", "HOME=/", "TZ=UTC"}

// fixedCwd is the working directory of every run, native and in husk.
const fixedCwd = "/usr"

// runTimeout bounds one run of anything.
const runTimeout = 30 * time.Second

// huskBin returns the absolute path of the husk binary under test.
func huskBin(t testing.TB) string {
	t.Helper()
	p := os.Getenv("HUSK_BIN")
	if p == "" {
		p = filepath.Join("..", "..", "bin", "husk")
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatalf("husk binary %q: %v", p, err)
	}
	if st, err := os.Stat(abs); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		t.Fatalf("no husk binary at %s: run `make build` first (or set HUSK_BIN)", abs)
	}
	return abs
}

// result is how one run ended.
type result struct {
	stdout, stderr string
	code           int // exit status, or 128+N on death by signal N
}

// exitCode turns a finished command's state into a shell-style code.
func exitCode(ps *os.ProcessState) int {
	ws := ps.Sys().(syscall.WaitStatus)
	if ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ws.ExitStatus()
}

// run runs argv with the fixed environment and cwd, and fails the test if
// it cannot be started or outlives runTimeout.
func run(t testing.TB, stdin string, argv ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = fixedEnv
	cmd.Dir = fixedCwd
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%q: timed out after %v; stderr:\n%s", argv, runTimeout, errb.String())
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("%q: %v", argv, err)
	}
	return result{stdout: out.String(), stderr: errb.String(), code: exitCode(cmd.ProcessState)}
}

// husk runs `husk ARGS...` with the fixed environment and cwd.
func husk(t testing.TB, args ...string) result {
	t.Helper()
	return run(t, "", append([]string{huskBin(t)}, args...)...)
}

// lines returns the non-empty lines of s.
func lines(s string) []string {
	var ls []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			ls = append(ls, l)
		}
	}
	return ls
}

// proc is one host process as /proc shows it.
type proc struct {
	pid, ppid int
	sid       int // session
	state     byte
	start     uint64 // start time in clock ticks: tells a pid's reuse apart
	argv0     string
}

// readProc reads /proc/PID/stat and cmdline; ok is false if pid is gone.
func readProc(pid int) (p proc, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return p, false
	}
	// pid (comm) state ppid ... field 22 is starttime.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return p, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 20 {
		return p, false
	}
	p.pid = pid
	p.state = f[0][0]
	p.ppid, _ = strconv.Atoi(f[1])
	p.sid, _ = strconv.Atoi(f[3])
	p.start, _ = strconv.ParseUint(f[19], 10, 64)
	if c, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid)); err == nil {
		p.argv0, _, _ = strings.Cut(string(c), "\x00")
	}
	return p, true
}

// allProcs reads every process in /proc.
func allProcs() []proc {
	ents, _ := os.ReadDir("/proc")
	var ps []proc
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if p, ok := readProc(pid); ok {
			ps = append(ps, p)
		}
	}
	return ps
}

// descendants returns root and all its live descendants.
func descendants(root int) []proc {
	ps := allProcs()
	kids := map[int][]proc{}
	var self *proc
	for i := range ps {
		kids[ps[i].ppid] = append(kids[ps[i].ppid], ps[i])
		if ps[i].pid == root {
			self = &ps[i]
		}
	}
	if self == nil {
		return nil
	}
	out := []proc{*self}
	for i := 0; i < len(out); i++ {
		out = append(out, kids[out[i].pid]...)
	}
	return out
}

// sandboxProcs are the host processes of one running `husk do`.
type sandboxProcs struct {
	husk, sentry, gofer proc
	stubs               []proc // the sentry's children: they run app code
	all                 []proc
}

// waitSandbox waits until the husk CLI at huskPid has a sentry, a gofer and
// at least one stub (so the app is running), and returns them.
func waitSandbox(t testing.TB, huskPid int) sandboxProcs {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		var sp sandboxProcs
		sp.all = descendants(huskPid)
		for _, p := range sp.all {
			switch {
			case p.pid == huskPid:
				sp.husk = p
			case p.ppid == huskPid && p.argv0 == "husk-sentry":
				sp.sentry = p
			case p.ppid == huskPid && p.argv0 == "husk-gofer":
				sp.gofer = p
			}
		}
		// The stubs are the sentry's descendants: its children on ptrace;
		// on systrap its master stub and the master's children.
		under := map[int]bool{sp.sentry.pid: sp.sentry.pid != 0}
		for grew := true; grew; {
			grew = false
			for _, p := range sp.all {
				if under[p.ppid] && !under[p.pid] {
					under[p.pid], grew = true, true
					sp.stubs = append(sp.stubs, p)
				}
			}
		}
		if sp.husk.pid != 0 && sp.sentry.pid != 0 && sp.gofer.pid != 0 && len(sp.stubs) > 0 {
			return sp
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("husk (pid %d) did not come up as husk + husk-sentry + husk-gofer + a stub within 15s; its tree: %+v",
		huskPid, descendants(huskPid))
	return sandboxProcs{}
}

// alive reports whether p (the same process, not a reuse of its pid) still
// exists and is not a zombie.
func alive(p proc) bool {
	q, ok := readProc(p.pid)
	return ok && q.start == p.start && q.state != 'Z'
}
