// Package hap measures the host kernel surface a command touches: it runs the
// command (natively, under husk, under runsc) inside a tracefs instance that
// follows the command's process tree, and counts the distinct host syscalls, the
// total host syscalls, the processes and threads that made them and, where the
// host allows the function tracer, the distinct kernel functions (the
// Nabla-style measure).
//
// What it owns: one tracefs instance per traced run (instances/husk-hap-<pid>-<n>),
// created, configured, read and removed by Trace; the parsing of trace lines and
// their aggregation (parse.go, pure functions, unit-tested on recorded lines).
//
// What it must never do: touch the global tracer (current_tracer, set_event,
// set_ftrace_pid of the top-level tracefs directory) or another session's
// instance; leave its instance behind (it is removed on every return path, and
// the caller cancels the context on SIGINT/SIGTERM); count a syscall the host
// kernel did not execute (see Counting below).
//
// Counting. Only raw_syscalls:sys_enter is used. On Linux the tracepoint fires
// in syscall_trace_enter after ptrace and seccomp have had their say: a call
// stopped by PTRACE_SYSEMU (husk's ptrace stubs) or by a seccomp
// SECCOMP_RET_TRAP/ERRNO/KILL (runsc's systrap stubs, the sentry's own
// allowlists) returns before trace_sys_enter, so it is not counted; the host
// never executed it. raw_syscalls:sys_exit, by contrast, does fire for SYSEMU'd
// calls (measured: a husk run of 100000 getppid calls gave 2 sys_enter and tens
// of thousands of sys_exit events for NR 110), which is why it is not used.
// So the counts are the calls the host kernel really executed on behalf of the
// run: the sentry's, the gofer's, the stubs' injected calls, the CLI's.
//
// Lock order: no locks; Trace owns its instance and its reader goroutine, which
// hands its aggregate back over a channel.
package hap

import (
	"strconv"
	"strings"
)

// Event is one parsed trace line.
type Event struct {
	TID  int
	TGID int // 0 when the line carries no tgid (options/record-tgid off)
	// Kind is "sys_enter", "sys_exit", "exec" (sched_process_exec), "func",
	// "marker" (a write to trace_marker) or "lost".
	Kind string
	Text string // marker: what was written
	NR   int    // sys_enter/sys_exit: the syscall number
	Func string // func: the traced kernel function
	Lost int    // lost: the number of events the ring buffer dropped
}

// ParseLine parses one line of a tracefs trace or trace_pipe. It returns false
// for headers, blank lines and lines it does not understand.
//
// Formats (the task name may contain spaces and dashes; the pid follows the last
// dash before the CPU or tgid field):
//
//	python3-1234  [001] .....  12.34: sys_enter: NR 257 (ffffff9c, ...)
//	python3-1234  ( 1230) [001] .....  12.34: sys_enter: NR 257 (...)
//	python3-1234  [001] .....  12.34: do_sys_openat2 <-do_sys_open
//	CPU:1 [LOST 123 EVENTS]
func ParseLine(line string) (Event, bool) {
	s := strings.TrimSpace(line)
	if s == "" || s[0] == '#' {
		return Event{}, false
	}
	if strings.HasPrefix(s, "CPU:") {
		i := strings.Index(s, "[LOST ")
		if i < 0 {
			return Event{}, false
		}
		f := strings.Fields(s[i+len("[LOST "):])
		if len(f) == 0 {
			return Event{}, false
		}
		n, err := strconv.Atoi(f[0])
		if err != nil {
			return Event{}, false
		}
		return Event{Kind: "lost", Lost: n}, true
	}
	// The CPU field "[NNN]" ends the task-pid (and tgid) part.
	cpu := strings.Index(s, " [")
	for cpu >= 0 && !isCPUField(s[cpu+2:]) {
		next := strings.Index(s[cpu+2:], " [")
		if next < 0 {
			cpu = -1
			break
		}
		cpu += 2 + next
	}
	if cpu < 0 {
		return Event{}, false
	}
	head := strings.TrimSpace(s[:cpu])
	var ev Event
	if strings.HasSuffix(head, ")") {
		open := strings.LastIndex(head, "(")
		if open < 0 {
			return Event{}, false
		}
		tg := strings.TrimSpace(head[open+1 : len(head)-1])
		if tg != "-------" {
			if n, err := strconv.Atoi(tg); err == nil {
				ev.TGID = n
			}
		}
		head = strings.TrimSpace(head[:open])
	}
	dash := strings.LastIndex(head, "-")
	if dash < 0 {
		return Event{}, false
	}
	tid, err := strconv.Atoi(head[dash+1:])
	if err != nil {
		return Event{}, false
	}
	ev.TID = tid
	// After the CPU field: flags, timestamp ending in ": ", then the body.
	rest := s[cpu:]
	colon := strings.Index(rest, ": ")
	if colon < 0 {
		return Event{}, false
	}
	body := rest[colon+2:]
	for _, kind := range []string{"sys_enter", "sys_exit"} {
		if strings.HasPrefix(body, kind+": NR ") {
			f := strings.Fields(body[len(kind)+len(": NR "):])
			if len(f) == 0 {
				return Event{}, false
			}
			nr, err := strconv.Atoi(f[0])
			if err != nil {
				return Event{}, false
			}
			ev.Kind, ev.NR = kind, nr
			return ev, true
		}
	}
	if t, ok := strings.CutPrefix(body, "tracing_mark_write: "); ok {
		ev.Kind, ev.Text = "marker", strings.TrimSpace(t)
		return ev, true
	}
	if strings.HasPrefix(body, "sched_process_exec:") {
		ev.Kind = "exec"
		return ev, true
	}
	// Function tracer: "func <-parent" (or just "func").
	fn := body
	if i := strings.Index(fn, " <-"); i >= 0 {
		fn = fn[:i]
	}
	fn = strings.TrimSpace(fn)
	if fn == "" || strings.ContainsAny(fn, " :") {
		return Event{}, false
	}
	ev.Kind, ev.Func = "func", fn
	return ev, true
}

// isCPUField reports whether s (the text after " [") is a CPU field followed
// by the flags and the timestamp: "001] .....  5206.911000: ". Checking the
// whole run keeps a task name like "Web [1] Content" from matching.
func isCPUField(s string) bool {
	end := strings.IndexByte(s, ']')
	if end <= 0 {
		return false
	}
	for _, c := range s[:end] {
		if c < '0' || c > '9' {
			return false
		}
	}
	f := strings.Fields(s[end+1:])
	if len(f) < 2 || !strings.HasSuffix(f[1], ":") || len(f[1]) < 2 {
		return false
	}
	for _, c := range f[1][:len(f[1])-1] {
		if (c < '0' || c > '9') && c != '.' {
			return false
		}
	}
	return true
}

const nrExecve = 59 // amd64

// Counts aggregates the events of one run.
type Counts struct {
	Syscalls  map[int]int64    // sys_enter count by syscall number
	Total     int64            // all sys_enter events
	TIDs      map[int]struct{} // threads that made a syscall
	TGIDs     map[int]struct{} // processes that made a syscall (record-tgid)
	Functions map[string]struct{}
	Lost      int64 // events the ring buffer dropped (trace_pipe markers)
	// WaitExec, when set, drops every event before the first exec: the
	// traced tree starts as husk's hap-exec helper (a Go program whose
	// runtime threads make calls of their own) and becomes the command only
	// when it execs. The exec's sched_process_exec event fires after
	// de_thread, so no helper thread survives past it.
	WaitExec bool
}

// NewCounts returns an empty aggregate.
func NewCounts() *Counts {
	return &Counts{
		Syscalls:  map[int]int64{},
		TIDs:      map[int]struct{}{},
		TGIDs:     map[int]struct{}{},
		Functions: map[string]struct{}{},
	}
}

// Add folds one event into the aggregate. sys_exit events are ignored on
// purpose: they fire for calls the host never executed (PTRACE_SYSEMU).
func (c *Counts) Add(ev Event) {
	if c.WaitExec {
		if ev.Kind == "exec" {
			// The execve that became the command is its first host call.
			c.WaitExec = false
			c.Add(Event{TID: ev.TID, TGID: ev.TGID, Kind: "sys_enter", NR: nrExecve})
		}
		if ev.Kind != "lost" {
			return
		}
	}
	switch ev.Kind {
	case "sys_enter":
		if ev.NR < 0 {
			return
		}
		c.Syscalls[ev.NR]++
		c.Total++
		c.TIDs[ev.TID] = struct{}{}
		if ev.TGID > 0 {
			c.TGIDs[ev.TGID] = struct{}{}
		}
	case "func":
		c.Functions[ev.Func] = struct{}{}
	case "lost":
		c.Lost += int64(ev.Lost)
	}
}

// AddText parses and folds every line of text; a trailing partial line is
// returned for the caller to prepend to the next chunk.
func (c *Counts) AddText(text string) (partial string) {
	for {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			return text
		}
		if ev, ok := ParseLine(text[:i]); ok {
			c.Add(ev)
		}
		text = text[i+1:]
	}
}
