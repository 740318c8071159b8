package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"go.uber.org/zap"

	"husk/runtime"
	"husk/sentry/boot"
)

func newDoCmd() *cobra.Command {
	var (
		platform string
		strace   bool
		tmpfs    []string
		profile  string
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
			sc, err := runtime.LoadSeccompProfile(profile)
			if err != nil {
				return err
			}
			prog, ignored, err := runtime.CompileSeccomp(sc)
			if err != nil {
				return fmt.Errorf("--seccomp %s: %w", profile, err)
			}
			if len(ignored) > 0 {
				newStderrLogger(global.debug).Debug("seccomp profile: syscalls husk does not know, ignored", zap.Strings("names", ignored))
			}
			sb.Spec.Seccomp = prog
			switch platform {
			case "auto", "ptrace":
			default:
				return fmt.Errorf("--platform %q: unknown platform (use auto or ptrace; systrap and kvm are not built yet)", platform)
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
	f.StringVar(&platform, "platform", "auto", "platform that runs app code: auto or ptrace")
	f.BoolVar(&strace, "strace", false, "log every app syscall with its arguments and result")
	f.StringArrayVar(&tmpfs, "tmpfs", nil, "cover the directory PATH with an empty writable tmpfs (repeatable)")
	f.StringVar(&profile, "seccomp", "unconfined", `seccomp profile enforced on the command: "default" (Docker's default profile), a profile file (Docker's format, a bare OCI linux.seccomp object, or an OCI config.json whose linux.seccomp is used), or "unconfined"`)
	f.SetInterspersed(false)
	return cmd
}
