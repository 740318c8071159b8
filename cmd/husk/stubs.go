package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newDoCmd() *cobra.Command {
	return &cobra.Command{Use: "do [flags] -- CMD [ARGS...]", RunE: func(*cobra.Command, []string) error { return errors.New("not yet") }}
}
func newSyscallsCmd() *cobra.Command {
	return &cobra.Command{Use: "syscalls", RunE: func(*cobra.Command, []string) error { return errors.New("not yet") }}
}
func newBootCmd() *cobra.Command {
	return &cobra.Command{Use: "boot", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("not yet") }}
}
