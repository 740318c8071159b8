package main

import (
	"os"

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
	)
	cmd := &cobra.Command{
		Use:    "gofer --root PATH [--fd N] [--read-only=false]",
		Short:  "serve a root directory to the sentry (started by husk itself)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log := newStderrLogger(global.debug).Named("gofer")
			return gofer.Run(root, fd, readOnly, log)
		},
	}
	f := cmd.Flags()
	f.StringVar(&root, "root", "", "directory to serve as the sandbox's root")
	_ = cmd.MarkFlagRequired("root")
	f.IntVar(&fd, "fd", 3, "file descriptor of the connected SOCK_SEQPACKET socket to the sentry")
	f.BoolVar(&readOnly, "read-only", true, "refuse every open for writing with EROFS")
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
