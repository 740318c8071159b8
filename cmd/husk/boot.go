package main

import (
	"github.com/spf13/cobra"

	"husk/sentry/boot"
)

// newBootCmd is the hidden `husk boot`: the sentry process of one sandbox,
// started by husk itself with its FDs set up (see sentry/boot).
func newBootCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "boot",
		Short:  "the sentry of one sandbox (started by husk itself)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE:   func(*cobra.Command, []string) error { return boot.Main() },
	}
}
