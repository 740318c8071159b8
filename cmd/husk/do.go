package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"husk/runtime"
	"husk/sentry/boot"
)

func newDoCmd() *cobra.Command {
	var (
		platform string
		strace   bool
		tmpfs    []string
	)
	cmd := &cobra.Command{
		Use:   "do [flags] -- CMD [ARGS...]",
		Short: "run a command in a sandbox with the host's root as a read-only root",
		Long: `Runs CMD in a sandbox: the host's root is its read-only root, its stdio are
husk's, and husk exits with CMD's status (128+N if CMD died of signal N).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cwd, err := os.Getwd()
			if err != nil {
				return fmt.Errorf("current directory: %w", err)
			}
			groups, _ := os.Getgroups()
			var g32 []uint32
			for _, g := range groups {
				g32 = append(g32, uint32(g))
			}
			sb := runtime.Sandbox{
				RootPath: "/",
				Debug:    global.debug,
				Spec: boot.Spec{
					Argv: args, Env: os.Environ(), Cwd: cwd, Platform: platform,
					Debug: global.debug, Strace: strace,
					UID: uint32(os.Getuid()), GID: uint32(os.Getgid()), Groups: g32,
					Tmpfs: tmpfs,
				},
			}
			switch platform {
			case "auto", "ptrace", "systrap":
			default:
				return fmt.Errorf("--platform %q: unknown platform (use auto, systrap or ptrace; kvm is not built yet)", platform)
			}
			res, err := sb.Run()
			if err != nil {
				return err
			}
			if res.Status.Error != "" {
				fmt.Fprintf(os.Stderr, "husk: %s\n", res.Status.Error)
			}
			if c := res.Code(); c != 0 {
				return exitError{code: c}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&platform, "platform", "auto", "platform that runs app code: auto, systrap or ptrace")
	f.BoolVar(&strace, "strace", false, "log every app syscall with its arguments and result")
	f.StringArrayVar(&tmpfs, "tmpfs", nil, "cover the directory PATH with an empty writable tmpfs (repeatable)")
	f.SetInterspersed(false)
	return cmd
}
