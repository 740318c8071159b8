package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"husk/gofer"
	"husk/platform/ptrace"
	"husk/seccomp"
	"husk/sentry/boot"
	"husk/sentry/syscalls"
)

func newSyscallsCmd() *cobra.Command {
	var asJSON, host bool
	var platform string
	cmd := &cobra.Command{
		Use:   "syscalls [--json] [--host [--platform P]]",
		Short: "print the amd64 syscall table, or with --host the host calls each sandbox process may make",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if host {
				return printHostCalls(platform, asJSON)
			}
			all := syscalls.All()
			if asJSON {
				type row struct {
					Nr     uintptr `json:"nr"`
					Name   string  `json:"name"`
					Status string  `json:"status"`
					Note   string  `json:"note,omitempty"`
				}
				var rows []row
				for _, e := range all {
					rows = append(rows, row{e.Nr, e.Name, e.Status.String(), e.Note})
				}
				enc := json.NewEncoder(os.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
			counts := map[syscalls.Status]int{}
			for _, e := range all {
				counts[e.Status]++
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\n", e.Nr, e.Name, e.Status, e.Note)
			}
			w.Flush()
			fmt.Printf("%d syscalls: %d supported, %d partial, %d unsupported\n", len(all),
				counts[syscalls.Supported], counts[syscalls.Partial], counts[syscalls.Unsupported])
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&host, "host", false, "print the sentry's and the gofer's host-call allowlists (seccomp) with the reason for each")
	cmd.Flags().StringVar(&platform, "platform", "auto", "platform whose sentry list to print (auto: each one auto may pick)")
	return cmd
}

func printHostCalls(platform string, asJSON bool) error {
	if platform != "ptrace" && platform != "systrap" && platform != "auto" {
		return fmt.Errorf("--platform %q: unknown platform (use ptrace or systrap)", platform)
	}
	type proc struct {
		name  string
		rules []seccomp.Rule
	}
	var procs []proc
	platforms := []string{platform}
	if platform == "auto" {
		platforms = []string{"systrap", "ptrace"}
	}
	for _, pf := range platforms {
		procs = append(procs, proc{"sentry (" + pf + ")", boot.HostCalls(pf, ptrace.MemoryFileFD)})
	}
	procs = append(procs, proc{"gofer", gofer.HostCalls})
	name := func(nr uintptr) string { return syscalls.Name(nr) }
	if asJSON {
		out := map[string]any{}
		for _, p := range procs {
			var rows []map[string]string
			for _, l := range seccomp.Describe(p.rules, name) {
				f := strings.SplitN(l, "\t", 4)
				rows = append(rows, map[string]string{"nr": f[0], "name": f[1], "args": f[2], "reason": f[3]})
			}
			out[p.name] = rows
		}
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	for _, p := range procs {
		fmt.Printf("%s: %d host syscalls\n", p.name, seccomp.Count(p.rules))
		w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
		for _, l := range seccomp.Describe(p.rules, name) {
			fmt.Fprintln(w, "  "+l)
		}
		w.Flush()
	}
	return nil
}
