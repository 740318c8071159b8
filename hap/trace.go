package hap

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/syscalls"
)

// TracefsDir is where tracefs is (or gets) mounted.
const TracefsDir = "/sys/kernel/tracing"

// ExecVerb is the hidden husk verb that Trace runs first: it blocks reading fd
// 3 until Trace has pointed its instance at the helper's pid, then execs the
// command (see cmd/husk/hap.go).
const ExecVerb = "hap-exec"

// MarkerEnv tells the helper where to write its marker and what to write:
// "PATH TEXT". The helper removes it from the environment before the exec.
const MarkerEnv = "HUSK_HAP_MARKER"

// Runner is one way of running a command.
type Runner struct {
	Name   string   // "native", "husk/ptrace", "runsc"
	Prefix []string // words before the command; empty for native
	// Missing, when set, says why this runner cannot run ("not installed");
	// Trace then returns a Result that says so without running anything.
	Missing string
}

// Options configure one traced run.
type Options struct {
	Self      string // path of the husk binary (runs ExecVerb)
	BufferKB  int    // per-CPU ring buffer of the instance; 0 means 16384
	Functions bool   // also try the function tracer
	Timeout   time.Duration
}

// Result is what one runner did to the host kernel.
type Result struct {
	Runner   string   `json:"runner"`
	Argv     []string `json:"argv"`
	Ran      bool     `json:"ran"`
	Missing  string   `json:"missing,omitempty"`
	ExitCode int      `json:"exit_code"`
	Error    string   `json:"error,omitempty"`
	WallMS   float64  `json:"wall_ms"`

	DistinctSyscalls int              `json:"distinct_syscalls"`
	TotalSyscalls    int64            `json:"total_syscalls"`
	Processes        int              `json:"processes"`
	Threads          int              `json:"threads"`
	Syscalls         map[string]int64 `json:"syscalls"`

	// KernelFunctions is the number of distinct kernel functions, or -1 when
	// the function tracer could not be used (KernelFunctionsNote says why).
	KernelFunctions     int    `json:"kernel_functions"`
	KernelFunctionsNote string `json:"kernel_functions_note,omitempty"`
	// LostEvents counts events the ring buffer dropped (overruns and LOST
	// markers): when non-zero every count is a lower bound.
	LostEvents int64 `json:"lost_events"`
	// StderrSummary is the line of a failed run's stderr that says why
	// (a "husk:" line, a Go "fatal error:" or "panic:"), else its last line;
	// StderrTail is the last 2 KiB.
	StderrSummary string `json:"stderr_summary,omitempty"`
	StderrTail    string `json:"stderr_tail,omitempty"`
}

// Usable checks that tracefs can be used for instances, mounting it if it is
// not mounted. The error is one line that names the fix.
func Usable() error {
	if os.Geteuid() != 0 {
		return errors.New("husk hap needs root (tracefs instances and the raw_syscalls tracepoint): run it with sudo")
	}
	inst := filepath.Join(TracefsDir, "instances")
	if _, err := os.Stat(inst); err == nil {
		return nil
	}
	if err := unix.Mount("nodev", TracefsDir, "tracefs", 0, ""); err != nil {
		return fmt.Errorf("tracefs is not mounted at %s and mounting it failed (%v): mount it with `mount -t tracefs nodev %s` (kernel needs CONFIG_FTRACE)", TracefsDir, err, TracefsDir)
	}
	if _, err := os.Stat(inst); err != nil {
		return fmt.Errorf("tracefs at %s has no instances directory (%v): husk hap needs a kernel with tracefs instances (CONFIG_TRACING)", TracefsDir, err)
	}
	if _, err := os.Stat(filepath.Join(TracefsDir, "events/raw_syscalls/sys_enter")); err != nil {
		return fmt.Errorf("no raw_syscalls:sys_enter tracepoint in %s (%v): husk hap needs CONFIG_HAVE_SYSCALL_TRACEPOINTS", TracefsDir, err)
	}
	return nil
}

var instanceSeq atomic.Int64

type instance struct{ dir string }

func (in instance) write(name, val string) error {
	p := filepath.Join(in.dir, name)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(val)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %q to %s: %w", val, p, err)
	}
	return nil
}

// remove turns the instance off and removes it, retrying while the kernel
// still holds it busy.
func (in instance) remove() error {
	_ = in.write("tracing_on", "0")
	_ = in.write("current_tracer", "nop")
	_ = in.write("events/enable", "0")
	var err error
	for i := 0; i < 50; i++ {
		if err = unix.Rmdir(in.dir); err == nil || errors.Is(err, unix.ENOENT) {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("remove tracefs instance %s: %w", in.dir, err)
}

// overruns sums the per-CPU overrun counts of the instance.
func (in instance) overruns() int64 {
	var n int64
	stats, _ := filepath.Glob(filepath.Join(in.dir, "per_cpu/cpu*/stats"))
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "overrun:"); ok {
				if x, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
					n += x
				}
			}
		}
	}
	return n
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	buf bytes.Buffer
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf.Write(p)
	if over := t.buf.Len() - t.max; over > 0 {
		t.buf.Next(over)
	}
	return len(p), nil
}

// Trace runs argv under r inside a fresh tracefs instance and returns what it
// touched. An error means the tracing itself failed; a command that fails is a
// Result with its exit code and stderr tail.
func Trace(ctx context.Context, r Runner, argv []string, opt Options) (*Result, error) {
	res := &Result{Runner: r.Name, Argv: append(append([]string{}, r.Prefix...), argv...), KernelFunctions: -1}
	if r.Missing != "" {
		res.Missing = r.Missing
		return res, nil
	}
	if opt.BufferKB == 0 {
		opt.BufferKB = 16384
	}
	in := instance{dir: filepath.Join(TracefsDir, "instances", fmt.Sprintf("husk-hap-%d-%d", os.Getpid(), instanceSeq.Add(1)))}
	if err := os.Mkdir(in.dir, 0o700); err != nil {
		return nil, fmt.Errorf("create tracefs instance: %w (is tracefs mounted at %s and are you root?)", err, TracefsDir)
	}
	defer in.remove()

	if err := in.write("tracing_on", "0"); err != nil {
		return nil, err
	}
	if err := in.write("buffer_size_kb", strconv.Itoa(opt.BufferKB)); err != nil {
		return nil, err
	}
	_ = in.write("options/record-tgid", "1") // optional: processes vs threads

	// The helper blocks on fd 3 until the instance follows its pid.
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer pw.Close()
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		pr.Close()
		return nil, err
	}
	defer devnull.Close()
	stderr := &tailBuffer{max: 256 << 10}
	// The pid the instance must follow is the helper's pid in the host's pid
	// namespace (tracefs compares task->pid), which is not cmd.Process.Pid when
	// husk hap itself runs in a pid namespace (a container, a CI runner). The
	// helper says who it is by writing a marker to the instance, whose line
	// carries its host pid; nothing else is enabled yet.
	marker := "husk-hap-ready " + filepath.Base(in.dir)
	pipeFD, err := unix.Open(filepath.Join(in.dir, "trace_pipe"), unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		pr.Close()
		return nil, fmt.Errorf("open trace_pipe: %w", err)
	}
	pipeOwned := true
	defer func() {
		if pipeOwned {
			unix.Close(pipeFD)
		}
	}()
	if err := in.write("tracing_on", "1"); err != nil {
		pr.Close()
		return nil, err
	}
	full := append([]string{opt.Self, ExecVerb, "--"}, res.Argv...)
	cmd := &exec.Cmd{
		Path:        opt.Self,
		Args:        full,
		Stdin:       devnull,
		Stdout:      &tailBuffer{max: 64},
		Stderr:      stderr,
		ExtraFiles:  []*os.File{pr},
		Env:         append(os.Environ(), MarkerEnv+"="+filepath.Join(in.dir, "trace_marker")+" "+marker),
		SysProcAttr: &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL},
	}
	if err := cmd.Start(); err != nil {
		pr.Close()
		return nil, fmt.Errorf("start %s %s: %w", opt.Self, ExecVerb, err)
	}
	pr.Close()
	killed := false
	kill := func() {
		killed = true
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Process.Kill()
	}
	fail := func(err error) (*Result, error) {
		kill()
		_ = cmd.Wait()
		return nil, err
	}

	hostPID, err := awaitMarker(pipeFD, marker, 10*time.Second)
	if err != nil {
		return fail(err)
	}
	pid := strconv.Itoa(hostPID)
	if err := in.write("tracing_on", "0"); err != nil {
		return fail(err)
	}
	for _, kv := range [][2]string{
		{"set_event_pid", pid},
		{"options/event-fork", "1"},
		{"events/raw_syscalls/sys_enter/enable", "1"},
		{"events/sched/sched_process_exec/enable", "1"},
	} {
		if err := in.write(kv[0], kv[1]); err != nil {
			return fail(err)
		}
	}
	if opt.Functions {
		var ferr error
		for _, kv := range [][2]string{
			{"set_ftrace_pid", pid},
			{"options/function-fork", "1"},
			{"current_tracer", "function"},
		} {
			if ferr = in.write(kv[0], kv[1]); ferr != nil {
				break
			}
		}
		if ferr != nil {
			res.KernelFunctionsNote = "unavailable: function tracer refused (" + shortErr(ferr) + ")"
			_ = in.write("current_tracer", "nop")
		}
	} else {
		res.KernelFunctionsNote = "unavailable: not requested"
	}

	pipeOwned = false // the reader goroutine closes it
	var stop atomic.Bool
	done := make(chan *Counts, 1)
	go func() {
		c := NewCounts()
		c.WaitExec = true
		buf := make([]byte, 1<<20)
		partial := ""
		for {
			n, err := unix.Read(pipeFD, buf)
			if n > 0 {
				partial = c.AddText(partial + string(buf[:n]))
				continue
			}
			if err == unix.EINTR {
				continue
			}
			// Empty (EAGAIN) or an error: stop once told to and drained.
			if stop.Load() {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if partial != "" {
			c.AddText(partial + "\n")
		}
		unix.Close(pipeFD)
		done <- c
	}()

	if err := in.write("tracing_on", "1"); err != nil {
		stop.Store(true)
		<-done
		return fail(err)
	}
	start := time.Now()
	if _, err := pw.Write([]byte{1}); err != nil {
		stop.Store(true)
		<-done
		return fail(fmt.Errorf("release the traced command: %w", err))
	}
	pw.Close()

	waitErr := make(chan error, 1)
	go func() { waitErr <- cmd.Wait() }()
	var timeout <-chan time.Time
	if opt.Timeout > 0 {
		timeout = time.After(opt.Timeout)
	}
	var werr error
	select {
	case werr = <-waitErr:
	case <-ctx.Done():
		kill()
		werr = <-waitErr
	case <-timeout:
		kill()
		werr = <-waitErr
		res.Error = fmt.Sprintf("timed out after %v", opt.Timeout)
	}
	res.WallMS = float64(time.Since(start).Microseconds()) / 1000
	_ = in.write("tracing_on", "0")
	stop.Store(true)
	c := <-done
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}

	res.Ran = true
	res.ExitCode = exitCode(cmd.ProcessState, werr)
	if res.ExitCode != 0 && res.Error == "" && !killed {
		res.Error = fmt.Sprintf("exit status %d", res.ExitCode)
	}
	all := stderr.buf.String()
	res.StderrTail = all[max(0, len(all)-2048):]
	if res.Error != "" {
		res.StderrSummary = summary(all)
	}
	res.fill(c, in.overruns())
	return res, nil
}

func (res *Result) fill(c *Counts, overruns int64) {
	res.Syscalls = map[string]int64{}
	for nr, n := range c.Syscalls {
		res.Syscalls[syscalls.Name(uintptr(nr))] += n
	}
	res.DistinctSyscalls = len(c.Syscalls)
	res.TotalSyscalls = c.Total
	res.Threads = len(c.TIDs)
	res.Processes = len(c.TGIDs)
	res.LostEvents = c.Lost + overruns
	if res.KernelFunctionsNote == "" {
		res.KernelFunctions = len(c.Functions)
		if res.LostEvents > 0 {
			res.KernelFunctionsNote = "lower bound: events lost"
		}
	}
}

func exitCode(ps *os.ProcessState, err error) int {
	if ps == nil {
		if err != nil {
			return -1
		}
		return 0
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}

func shortErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return filepath.Base(pe.Path) + ": " + pe.Err.Error()
	}
	return err.Error()
}

// SortedSyscalls returns the per-syscall counts, most frequent first.
func (res *Result) SortedSyscalls() []NameCount {
	out := make([]NameCount, 0, len(res.Syscalls))
	for k, v := range res.Syscalls {
		out = append(out, NameCount{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// NameCount is one syscall and how often it was entered.
type NameCount struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

// summary picks the line of stderr that says why a run failed.
func summary(stderr string) string {
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "husk:") || strings.HasPrefix(l, "fatal error:") || strings.HasPrefix(l, "panic:") || strings.Contains(l, "runtime: ") {
			return clip(l)
		}
	}
	return clip(strings.TrimSpace(lines[len(lines)-1]))
}

func clip(l string) string {
	if len(l) > 160 {
		return l[:160] + "..."
	}
	return l
}

// awaitMarker reads the instance's trace_pipe until the marker line appears and
// returns the pid that wrote it (its pid in the host's pid namespace).
func awaitMarker(fd int, marker string, limit time.Duration) (int, error) {
	deadline := time.Now().Add(limit)
	buf := make([]byte, 64<<10)
	partial := ""
	for time.Now().Before(deadline) {
		n, err := unix.Read(fd, buf)
		if n > 0 {
			partial += string(buf[:n])
			for {
				nl := strings.IndexByte(partial, '\n')
				if nl < 0 {
					break
				}
				line := partial[:nl]
				partial = partial[nl+1:]
				if ev, ok := ParseLine(line); ok && ev.Kind == "marker" && ev.Text == marker && ev.TID > 0 {
					return ev.TID, nil
				}
			}
			continue
		}
		if err != nil && err != unix.EAGAIN && err != unix.EINTR {
			return 0, fmt.Errorf("read trace_pipe: %w", err)
		}
		time.Sleep(2 * time.Millisecond)
	}
	return 0, fmt.Errorf("the traced helper wrote no marker to its tracefs instance within %v (is trace_marker writable?)", limit)
}
