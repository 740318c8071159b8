package hap

import (
	"fmt"
	"strings"
)

// Method is the one-paragraph statement of what the numbers count, printed
// above every table.
const Method = `Counts are raw_syscalls:sys_enter events of the command's whole process tree
(a tracefs instance, set_event_pid + event-fork): calls the host kernel executed.
App syscalls that husk's ptrace stubs stop with PTRACE_SYSEMU, or that seccomp traps
(runsc's systrap stubs), never reach that tracepoint and are not counted; the
sentry's, gofer's and stubs' own host calls are.`

// Table formats results side by side, one column per runner.
func Table(results []*Result) string {
	var b strings.Builder
	rows := []struct {
		label string
		cell  func(*Result) string
	}{
		{"command", func(r *Result) string {
			switch {
			case r.Error != "":
				return "failed: " + r.Error
			default:
				return "ok"
			}
		}},
		{"distinct host syscalls", func(r *Result) string { return fmt.Sprint(r.DistinctSyscalls) + lowerBound(r) }},
		{"total host syscalls", func(r *Result) string { return fmt.Sprint(r.TotalSyscalls) + lowerBound(r) }},
		{"processes (threads)", func(r *Result) string {
			if r.Processes == 0 {
				return fmt.Sprintf("? (%d)", r.Threads)
			}
			return fmt.Sprintf("%d (%d)", r.Processes, r.Threads)
		}},
		{"distinct kernel functions", func(r *Result) string {
			if r.KernelFunctions < 0 {
				return "unavailable (see below)"
			}
			if r.KernelFunctionsNote != "" {
				return fmt.Sprintf("%d (%s)", r.KernelFunctions, r.KernelFunctionsNote)
			}
			return fmt.Sprint(r.KernelFunctions)
		}},
		{"wall time", func(r *Result) string { return fmt.Sprintf("%.1f ms", r.WallMS) }},
	}
	cells := make([][]string, len(rows))
	width := make([]int, len(results)+1)
	width[0] = len("")
	for i, row := range rows {
		cells[i] = append(cells[i], row.label)
		for _, r := range results {
			c := r.Missing
			if c == "" {
				c = row.cell(r)
			}
			cells[i] = append(cells[i], c)
		}
	}
	head := []string{""}
	for _, r := range results {
		head = append(head, r.Runner)
	}
	all := append([][]string{head}, cells...)
	for _, line := range all {
		for j, c := range line {
			width[j] = max(width[j], len(c))
		}
	}
	for _, line := range all {
		for j, c := range line {
			if j > 0 {
				b.WriteString("  ")
			}
			if j == len(line)-1 {
				b.WriteString(c)
			} else {
				fmt.Fprintf(&b, "%-*s", width[j], c)
			}
		}
		b.WriteString("\n")
	}
	seen := map[string]bool{}
	for _, r := range results {
		if r.Missing == "" && r.KernelFunctions < 0 && !seen[r.KernelFunctionsNote] {
			seen[r.KernelFunctionsNote] = true
			fmt.Fprintf(&b, "distinct kernel functions %s\n", r.KernelFunctionsNote)
		}
	}
	return b.String()
}

func lowerBound(r *Result) string {
	if r.LostEvents > 0 {
		return fmt.Sprintf(" (lower bound: %d events lost)", r.LostEvents)
	}
	return ""
}
