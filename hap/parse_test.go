package hap

import (
	"strings"
	"testing"
)

// Recorded from this package's tracefs instances (kernel 6.18, amd64).
const sample = `# tracer: nop
#
# entries-in-buffer/entries-written: 0/0   #P:2
#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION
#              | |         |   |||||     |         |
             exe-24221   (  24216) [001] .....  5206.911000: sys_enter: NR 0 (3, 7ffc, 1, 0, 0, 0)
            true-8254    (   8254) [001] .....  5354.727784: sys_enter: NR 59 (55e3b8c36980, 55e3b8c369b0, 55e3ea527a98, c056b30de2e1ca36, 2, 1)
            true-8254    (   8254) [001] .....  5354.728024: sched_process_exec: filename=/bin/true pid=8254 old_pid=8254
            true-8254    (   8254) [001] .....  5354.728026: sys_exit: NR 59 = 0
            true-8254    (   8254) [001] .....  5354.728046: sys_enter: NR 12 (0, 7fff98840e4c, 0, 37f, 0, 0)
            true-8254    (   8254) [001] .....  5354.728050: sys_enter: NR 9 (0, 2000, 3, 22, ffffffff, 0)
            true-8254    (   8254) [001] .....  5354.728051: sys_exit: NR 9 = 140000
            true-8254    (   8254) [001] .....  5354.728060: sys_enter: NR 9 (0, 2000, 3, 22, ffffffff, 0)
 Web Content-8300    (   8254) [000] .....  5354.728070: sys_enter: NR 202 (7f, 81, 1, 0, 0, 0)
            true-8254    (   8254) [001] .....  5354.728080: do_sys_openat2 <-__x64_sys_openat
            true-8254    (   8254) [001] .....  5354.728081: getname <-do_sys_openat2
            true-8254    (   8254) [001] .....  5354.728082: getname <-do_sys_openat2
CPU:1 [LOST 17 EVENTS]
           <...>-8301    [000] .....  5354.728090: sys_enter: NR 231 (0, 0, 0, 0, 0, 0)
`

func TestParseLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		want Event
		ok   bool
	}{
		{"            true-29875   (  29875) [001] .....  5260.230762: sys_enter: NR 72 (0, 0, a, 0, 7f04fca42c70, 0)",
			Event{TID: 29875, TGID: 29875, Kind: "sys_enter", NR: 72}, true},
		{"            true-23690   [001] .....  5211.011986: sys_enter: NR 3 (0, 0, 0, 0, 7fcd80cb8c70, 0)",
			Event{TID: 23690, Kind: "sys_enter", NR: 3}, true},
		{"  my-prog-x-77 [000] d..1.  1.0: sys_exit: NR 9 = 140000", Event{TID: 77, Kind: "sys_exit", NR: 9}, true},
		{"           <...>-18235   (-------) [001] ...1.  8979.525677: tracing_mark_write: husk-hap-ready x-1",
			Event{TID: 18235, Kind: "marker", Text: "husk-hap-ready x-1"}, true},
		{" Web [1] Content-8300 (8254) [000] .....  2.0: sys_enter: NR 202 (7f)", Event{TID: 8300, TGID: 8254, Kind: "sys_enter", NR: 202}, true},
		{"   <idle>-0  (-------) [000] .....  2.0: sys_enter: NR 1 (7f)", Event{TID: 0, Kind: "sys_enter", NR: 1}, true},
		{"  true-8254 [001] .....  5354.728080: do_sys_openat2 <-__x64_sys_openat", Event{TID: 8254, Kind: "func", Func: "do_sys_openat2"}, true},
		{"  true-8254 [001] .....  5354.7: sched_process_exec: filename=/bin/true pid=8254 old_pid=8254", Event{TID: 8254, Kind: "exec"}, true},
		{"CPU:3 [LOST 1024 EVENTS]", Event{Kind: "lost", Lost: 1024}, true},
		{"# tracer: nop", Event{}, false},
		{"", Event{}, false},
		{"garbage without fields", Event{}, false},
		{"  x-12 [001] ..... 1.0: sys_enter: NR zz (0)", Event{}, false},
		{"  x-ab [001] ..... 1.0: sys_enter: NR 1 (0)", Event{}, false},
	} {
		got, ok := ParseLine(tc.line)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseLine(%q) = %+v, %v; want %+v, %v", tc.line, got, ok, tc.want, tc.ok)
		}
	}
}

func TestCountsWaitExec(t *testing.T) {
	c := NewCounts()
	c.WaitExec = true
	if rest := c.AddText(sample + "  x-9 [000] ..... 1.0: sys_enter: NR 1"); !strings.HasPrefix(rest, "  x-9") {
		t.Fatalf("partial line = %q", rest)
	}
	// Before the exec: the read (NR 0) and the helper's own execve entry are
	// dropped; the exec counts as one execve. After: brk, mmap x2, futex,
	// exit_group. sys_exit never counts.
	want := map[int]int64{59: 1, 12: 1, 9: 2, 202: 1, 231: 1}
	if len(c.Syscalls) != len(want) {
		t.Errorf("syscalls = %v, want %v", c.Syscalls, want)
	}
	for nr, n := range want {
		if c.Syscalls[nr] != n {
			t.Errorf("syscalls[%d] = %d, want %d", nr, c.Syscalls[nr], n)
		}
	}
	if c.Total != 6 {
		t.Errorf("total = %d, want 6", c.Total)
	}
	if len(c.TIDs) != 3 || len(c.TGIDs) != 1 {
		t.Errorf("tids %v tgids %v, want 3 threads in 1 process", c.TIDs, c.TGIDs)
	}
	if len(c.Functions) != 2 {
		t.Errorf("functions = %v, want do_sys_openat2 and getname", c.Functions)
	}
	if c.Lost != 17 {
		t.Errorf("lost = %d, want 17", c.Lost)
	}
}

func TestCountsWithoutWaitExec(t *testing.T) {
	c := NewCounts()
	c.AddText(sample)
	if c.Syscalls[0] != 1 || c.Syscalls[59] != 1 || c.Total != 7 {
		t.Errorf("syscalls = %v total %d, want every sys_enter counted once", c.Syscalls, c.Total)
	}
}

func TestResultAndTable(t *testing.T) {
	c := NewCounts()
	c.AddText(sample)
	r := &Result{Runner: "native", Ran: true, KernelFunctions: -1}
	r.fill(c, 3)
	if r.Syscalls["execve"] != 1 || r.Syscalls["mmap"] != 2 || r.DistinctSyscalls != 6 {
		t.Errorf("by name = %v (distinct %d)", r.Syscalls, r.DistinctSyscalls)
	}
	if r.LostEvents != 20 {
		t.Errorf("lost = %d, want 17 + 3 overruns", r.LostEvents)
	}
	if got := r.SortedSyscalls(); got[0].Name != "mmap" {
		t.Errorf("sorted = %v, want mmap first", got)
	}
	r.KernelFunctionsNote = "unavailable: function tracer refused (set_ftrace_pid: operation not permitted)"
	tab := Table([]*Result{r, {Runner: "runsc", Missing: "not installed", KernelFunctions: -1}})
	for _, want := range []string{"native", "runsc", "not installed", "distinct host syscalls", "lower bound", "unavailable: function tracer refused"} {
		if !strings.Contains(tab, want) {
			t.Errorf("table lacks %q:\n%s", want, tab)
		}
	}
	if strings.Contains(tab, "distinct kernel functions  0") {
		t.Errorf("table prints zero kernel functions for an unavailable tracer:\n%s", tab)
	}
}

func TestShellJoinAndSummary(t *testing.T) {
	if got := ShellJoin([]string{"/bin/sh", "-c", "cat /etc/passwd | wc -l", "it's"}); got != `/bin/sh -c 'cat /etc/passwd | wc -l' 'it'\''s'` {
		t.Errorf("ShellJoin = %s", got)
	}
	if got := summary("noise\nfatal error: newosproc\n\tstack\n"); got != "fatal error: newosproc" {
		t.Errorf("summary = %q", got)
	}
	if got := summary("a\nlast words\n"); got != "last words" {
		t.Errorf("summary = %q", got)
	}
}
