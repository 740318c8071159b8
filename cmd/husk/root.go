package main

import (
	"github.com/spf13/cobra"
)

// globalFlags are runc's global flags plus husk's own.
type globalFlags struct {
	root      string
	log       string
	logFormat string
	debug     bool
}

var global globalFlags

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "husk",
		Short:         "husk runs Linux programs in a sandbox with its own application kernel",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	pf := root.PersistentFlags()
	pf.StringVar(&global.root, "root", "/run/husk", "directory for container state")
	pf.StringVar(&global.log, "log", "", "log file (default stderr)")
	pf.StringVar(&global.logFormat, "log-format", "text", "log format: text or json")
	pf.BoolVar(&global.debug, "debug", false, "log everything")
	root.AddCommand(newDoCmd(), newSyscallsCmd(), newHapCmd(), newHapExecCmd(), newBootCmd(), newGoferCmd())
	return root
}
