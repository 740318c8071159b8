package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

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
		volumes  []string
		rootfs   string
		workdir  string
		rootRO   bool
	)
	cmd := &cobra.Command{
		Use:   "do [flags] -- CMD [ARGS...]",
		Short: "run a command in a sandbox: the host's root copy-on-write, the working directory writable",
		Long: `Runs CMD in a sandbox: the host's root (or --rootfs DIR) is its
copy-on-write root (an overlay: the host's files read-only below, a tmpfs
in the sandbox's memory above; what CMD writes or removes there is seen
by CMD and vanishes with the sandbox, the host's files never change;
--root-ro gives a read-only root instead, where writes say EROFS),
the current working directory is mounted writable at the same path
(--workdir=ro: read-only; --workdir=off: not mounted, so part of the root;
never when it is /), each
--volume HOST:GUEST[:ro|:rw] mounts the host directory HOST at GUEST, its
stdio are husk's, and husk exits with CMD's status (128+N if CMD died of
signal N).

Files written in writable mounts land on the host as they are written (the
sandbox's fsync and fdatasync reach the host's disk). Mount points missing
from the root appear as empty read-only directories. Data written in the
overlay root lives in memory (up to 2 GiB; ENOSPC beyond).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cwd, err := os.Getwd()
			if err != nil {
				return fmt.Errorf("current directory: %w", err)
			}
			switch platform {
			case "auto", "ptrace", "systrap":
			default:
				return fmt.Errorf("--platform %q: unknown platform (use auto, systrap or ptrace; kvm is not built yet)", platform)
			}
			root := "/"
			if rootfs != "" {
				if root, err = hostDir("--rootfs "+rootfs, rootfs); err != nil {
					return err
				}
			}
			var binds []string
			var mounts []boot.Mount
			switch workdir {
			case "rw", "ro":
				// Mounted at its physical path ($PWD may name it through
				// a symlink, which the sandbox then follows to the mount).
				phys, err := filepath.EvalSymlinks(cwd)
				if err != nil {
					return fmt.Errorf("the working directory %s: %w (use --workdir=off)", cwd, err)
				}
				if phys != "/" {
					binds = append(binds, phys)
					mounts = append(mounts, boot.Mount{Guest: phys, ReadOnly: workdir == "ro",
						What: "the working directory " + phys})
				}
			case "off":
				if rootfs != "" {
					cwd = "/"
				}
			default:
				return fmt.Errorf("--workdir %q: want rw, ro or off", workdir)
			}
			for _, v := range volumes {
				host, m, err := parseVolume(v)
				if err != nil {
					return err
				}
				binds = append(binds, host)
				mounts = append(mounts, m)
			}
			groups, _ := os.Getgroups()
			var g32 []uint32
			for _, g := range groups {
				g32 = append(g32, uint32(g))
			}
			sb := runtime.Sandbox{
				RootPath: root,
				Binds:    binds,
				Debug:    global.debug,
				Spec: boot.Spec{
					Argv: args, Env: os.Environ(), Cwd: cwd, Platform: platform,
					Debug: global.debug, Strace: strace,
					UID: uint32(os.Getuid()), GID: uint32(os.Getgid()), Groups: g32,
					Tmpfs: tmpfs, Mounts: mounts, Overlay: !rootRO,
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
	f.StringVar(&profile, "seccomp", "unconfined", `seccomp profile enforced on the command: "default" (Docker's default profile), a profile file (Docker's format, a bare OCI linux.seccomp object, or an OCI config.json whose linux.seccomp is used), or "unconfined"`)
	f.StringArrayVarP(&volumes, "volume", "v", nil, "mount the host directory HOST at GUEST: HOST:GUEST[:ro|:rw], writable unless :ro (repeatable)")
	f.StringVar(&rootfs, "rootfs", "", "the sandbox's root: this host directory, copy-on-write (default: the host's /)")
	f.BoolVar(&rootRO, "root-ro", false, "make the root read-only (EROFS on writes) instead of copy-on-write")
	f.StringVar(&workdir, "workdir", "rw", "the current directory at its own path: rw (writable), ro (read-only) or off (not mounted)")
	f.SetInterspersed(false)
	return cmd
}

// hostDir checks that path is an existing host directory and returns it
// absolute; errors start with what (the flag as given).
func hostDir(what, path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	st, err := os.Stat(abs)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "", fmt.Errorf("%s: %s: no such directory (create it first)", what, path)
	case err != nil:
		return "", fmt.Errorf("%s: %s: %v", what, path, errors.Unwrap(err))
	case !st.IsDir():
		return "", fmt.Errorf("%s: %s: not a directory (only directories can be mounted)", what, path)
	}
	return abs, nil
}

// parseVolume parses HOST:GUEST[:ro|:rw].
func parseVolume(v string) (string, boot.Mount, error) {
	what := "--volume " + v
	parts := strings.Split(v, ":")
	ro := false
	if n := len(parts); n == 3 {
		switch parts[2] {
		case "ro":
			ro = true
		case "rw":
		default:
			return "", boot.Mount{}, fmt.Errorf("%s: unknown option %q (want ro or rw)", what, parts[2])
		}
		parts = parts[:2]
	}
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return "", boot.Mount{}, fmt.Errorf("%s: want HOST:GUEST[:ro] (two paths, no ':' in them)", what)
	}
	host, err := hostDir(what, parts[0])
	if err != nil {
		return "", boot.Mount{}, err
	}
	guest := parts[1]
	if !filepath.IsAbs(guest) {
		return "", boot.Mount{}, fmt.Errorf("%s: %s: the sandbox path must be absolute", what, guest)
	}
	guest = filepath.Clean(guest)
	if guest == "/" {
		return "", boot.Mount{}, fmt.Errorf("%s: cannot mount over the sandbox's root (use --rootfs %s)", what, parts[0])
	}
	return host, boot.Mount{Guest: guest, ReadOnly: ro, What: what}, nil
}
