package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"husk/gofer"
)

// newGoferCmd is the hidden `husk gofer` process: it serves a root directory
// to the sentry over an inherited unix socket. Its --root (the directory to
// serve) shadows the global --root (the state directory), which it does not use.
func newGoferCmd() *cobra.Command {
	var (
		root     string
		fd       int
		readOnly bool
		mounts   []string
	)
	cmd := &cobra.Command{
		Use:    "gofer --root PATH [--fd N] [--read-only=false] [--mount HOSTDIR:rw|ro]...",
		Short:  "serve a root directory and bind mounts to the sentry (started by husk itself)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log := newStderrLogger(global.debug).Named("gofer")
			ms := []gofer.Mount{{Path: root, ReadOnly: readOnly}}
			for _, m := range mounts {
				i := strings.LastIndexByte(m, ':')
				if i < 0 || (m[i+1:] != "ro" && m[i+1:] != "rw") {
					return fmt.Errorf("--mount %s: want HOSTDIR:ro or HOSTDIR:rw", m)
				}
				ms = append(ms, gofer.Mount{Path: m[:i], ReadOnly: m[i+1:] == "ro"})
			}
			return gofer.Run(ms, fd, log)
		},
	}
	f := cmd.Flags()
	f.StringVar(&root, "root", "", "directory to serve as the sandbox's root")
	_ = cmd.MarkFlagRequired("root")
	f.IntVar(&fd, "fd", 3, "file descriptor of the connected SOCK_SEQPACKET socket to the sentry")
	f.BoolVar(&readOnly, "read-only", true, "refuse every change to the root with EROFS")
	f.StringArrayVar(&mounts, "mount", nil, "serve HOSTDIR as bind mount number 1, 2, ... (in order), read-only (ro) or writable (rw)")
	return cmd
}

// newStderrLogger logs to stderr: errors only, everything with debug.
func newStderrLogger(debug bool) *zap.Logger {
	level := zapcore.ErrorLevel
	if debug {
		level = zapcore.DebugLevel
	}
	enc := zapcore.NewConsoleEncoder(zap.NewDevelopmentEncoderConfig())
	return zap.New(zapcore.NewCore(enc, zapcore.Lock(os.Stderr), level))
}
