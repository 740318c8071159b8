package main

import (
	"encoding/json"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"husk/sentry/syscalls"
)

func newSyscallsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "syscalls [--json]",
		Short: "print the amd64 syscall table: number, name, support status and note",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
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
	return cmd
}
