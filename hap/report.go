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

// Markdown formats results as a Markdown table (one column per runner), the
// function tracer's note, the last stderr line of each failed run, and each
// runner's most frequent host syscalls.
func Markdown(argv []string, results []*Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "`%s`\n\n|  |", ShellJoin(argv))
	for _, r := range results {
		fmt.Fprintf(&b, " %s |", r.Runner)
	}
	b.WriteString("\n|---|")
	for range results {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	row := func(label string, cell func(*Result) string) {
		fmt.Fprintf(&b, "| %s |", label)
		for _, r := range results {
			c := r.Missing
			if c == "" {
				c = cell(r)
			}
			fmt.Fprintf(&b, " %s |", strings.ReplaceAll(c, "|", `\|`))
		}
		b.WriteString("\n")
	}
	row("command", func(r *Result) string {
		if r.Error != "" {
			return "failed: " + r.Error
		}
		return "ok"
	})
	row("distinct host syscalls", func(r *Result) string { return fmt.Sprint(r.DistinctSyscalls) + lowerBound(r) })
	row("total host syscalls", func(r *Result) string { return fmt.Sprint(r.TotalSyscalls) + lowerBound(r) })
	row("processes (threads)", func(r *Result) string { return fmt.Sprintf("%d (%d)", r.Processes, r.Threads) })
	row("distinct kernel functions", func(r *Result) string {
		if r.KernelFunctions < 0 {
			return "unavailable"
		}
		if r.KernelFunctionsNote != "" {
			return fmt.Sprintf("%d (%s)", r.KernelFunctions, r.KernelFunctionsNote)
		}
		return fmt.Sprint(r.KernelFunctions)
	})
	row("wall time", func(r *Result) string { return fmt.Sprintf("%.1f ms", r.WallMS) })
	row("top host syscalls", func(r *Result) string {
		var parts []string
		for i, nc := range r.SortedSyscalls() {
			if i == 5 {
				break
			}
			parts = append(parts, fmt.Sprintf("%s %d", nc.Name, nc.Count))
		}
		return strings.Join(parts, ", ")
	})
	b.WriteString("\n")
	seen := map[string]bool{}
	for _, r := range results {
		if r.Missing == "" && r.KernelFunctions < 0 && !seen[r.KernelFunctionsNote] {
			seen[r.KernelFunctionsNote] = true
			fmt.Fprintf(&b, "- distinct kernel functions %s\n", r.KernelFunctionsNote)
		}
	}
	for _, r := range results {
		if r.Error == "" {
			continue
		}
		fmt.Fprintf(&b, "- %s: %s; stderr: `%s`\n", r.Runner, r.Error, strings.ReplaceAll(r.StderrSummary, "`", "'"))
	}
	return b.String()
}

// ShellJoin quotes argv the way a shell would need it.
func ShellJoin(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		if a != "" && strings.Trim(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%") == "" {
			q[i] = a
		} else {
			q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(q, " ")
}
