package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const goProgram = `package main

import (
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	sum := 0
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			time.Sleep(time.Duration(i%4) * time.Millisecond)
			mu.Lock()
			sum += i
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	tick := time.NewTicker(2 * time.Millisecond)
	for i := 0; i < 3; i++ {
		<-tick.C
	}
	tick.Stop()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGUSR1)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	fmt.Println("sum", sum, "signal", <-sigs)
}
`

// TestGoPrograms builds a Go program (goroutines, timers, os/signal) static
// and dynamic, runs it natively and in husk with GOMAXPROCS=2, and compares.
func TestGoPrograms(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = "/usr/local/go/bin/go"
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(goProgram), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module p\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		name string
		env  []string
		args []string
	}{
		{"static", []string{"CGO_ENABLED=0"}, nil},
		{"dynamic", []string{"CGO_ENABLED=1"}, []string{"-ldflags=-linkmode=external"}},
	} {
		t.Run(v.name, func(t *testing.T) {
			bin := filepath.Join(dir, "prog-"+v.name)
			cmd := exec.Command(gobin, append(append([]string{"build", "-o", bin}, v.args...), ".")...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), v.env...)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("go build: %v\n%s", err, out)
			}
			native := run(t, "", "env", "GOMAXPROCS=2", bin)
			in := husk(t, "do", "--", "env", "GOMAXPROCS=2", bin)
			if native.code != 0 || native.stdout != "sum 120 signal user defined signal 1\n" {
				t.Fatalf("native run: exit %d, %q, %s", native.code, native.stdout, native.stderr)
			}
			if in.code != native.code || in.stdout != native.stdout {
				t.Errorf("husk: exit %d, stdout %q, stderr %s; native: exit %d, %q", in.code, in.stdout, in.stderr, native.code, native.stdout)
			}
		})
	}
}

const pythonProgram = `
import os, signal, subprocess, threading
r = []
ts = [threading.Thread(target=lambda i=i: r.append(i * i)) for i in range(8)]
[t.start() for t in ts]
[t.join() for t in ts]
print(sorted(r))
signal.signal(signal.SIGALRM, lambda *a: print("alarm", flush=True))
signal.alarm(1)
signal.pause()
print(subprocess.run(["echo", "from a child"], capture_output=True, text=True).stdout.strip())
pid = os.fork()
if pid == 0:
    os._exit(5)
print(os.waitpid(pid, 0)[1] >> 8)
`

// TestPython runs python3 with threads, signal.alarm, subprocess and os.fork.
func TestPython(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Fatalf("%s missing: make setup installs python3", py)
	}
	native := run(t, "", py, "-c", pythonProgram)
	in := husk(t, "do", "--", py, "-c", pythonProgram)
	if native.code != 0 {
		t.Fatalf("native python: exit %d: %s", native.code, native.stderr)
	}
	if in.code != native.code || in.stdout != native.stdout {
		t.Errorf("husk: exit %d, stdout %q, stderr %s; native: %q", in.code, in.stdout, in.stderr, native.stdout)
	}
}

// TestStressNG runs stress-ng's process, futex, signal, timer and pipe
// stressors with verification in husk (cwd covered by a tmpfs, which
// stress-ng needs writable).
func TestStressNG(t *testing.T) {
	sng, err := exec.LookPath("stress-ng")
	if err != nil {
		for _, p := range []string{"/usr/bin/stress-ng", "/bin/stress-ng"} {
			if _, e := os.Stat(p); e == nil {
				sng = p
			}
		}
	}
	if sng == "" {
		t.Fatalf("stress-ng missing: make setup installs it")
	}
	dir := t.TempDir()
	r := husk(t, "do", "--tmpfs", dir, "--", "/bin/sh", "-c", "cd "+dir+" && "+sng+
		" --fork 2 --futex 2 --signal 2 --timer 2 --pipe 2 --timeout 3s --verify")
	if r.code != 0 || !strings.Contains(r.stderr+r.stdout, "successful run completed") {
		t.Errorf("stress-ng in husk: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

// bashScript uses traps, subshells, command substitution, background jobs,
// wait and kill -TERM; its output is deterministic.
const bashScript = `
set -u
trap 'echo "parent got TERM"; exit 3' TERM
count=0
on_usr1() { count=$((count + 1)); }
trap on_usr1 USR1
kill -USR1 $$; kill -USR1 $$
echo "usr1 handled: $count"
sub=$( (echo inner; exit 4); echo "sub status $?" )
echo "command substitution: $sub"
( trap 'echo child got TERM; exit 7' TERM; while :; do sleep 0.01; done ) &
child=$!
sleep 0.1
kill -TERM $child
wait $child
echo "child exit: $?"
words=$(for w in b a c; do echo $w; done | sort | tr '\n' ' ')
echo "pipeline: $words"
trap - TERM
exit_trap() { echo "EXIT trap ran"; }
trap exit_trap EXIT
echo "done"
`

// TestBash runs issue 4's bash workloads natively and in husk: 100
// background pipelines and a script with traps, subshells, command
// substitution and kill -TERM.
func TestBash(t *testing.T) {
	bash := "/bin/bash"
	if _, err := os.Stat(bash); err != nil {
		t.Skip("resource missing: /bin/bash")
	}
	for _, c := range []struct{ name, script string }{
		{"background-pipelines", `for i in $(seq 100); do echo $i | cat > /dev/null & done; wait; echo done`},
		{"traps-subshells", bashScript},
	} {
		t.Run(c.name, func(t *testing.T) {
			native := run(t, "", bash, "-c", c.script)
			in := husk(t, "do", "--", bash, "-c", c.script)
			if native.code != 0 || !strings.Contains(native.stdout, "done") {
				t.Fatalf("native bash: exit %d\n%s%s", native.code, native.stdout, native.stderr)
			}
			if in.code != native.code || in.stdout != native.stdout {
				t.Errorf("husk: exit %d, stdout:\n%s\nstderr:\n%s\nnative (exit %d):\n%s", in.code, in.stdout, in.stderr, native.code, native.stdout)
			}
		})
	}
}
