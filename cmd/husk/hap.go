package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"husk/hap"
)

func newHapCmd() *cobra.Command {
	var (
		asJSON    bool
		markdown  bool
		jsonOut   string
		runscPath string
		noRunsc   bool
		timeout   time.Duration
		bufferKB  int
	)
	cmd := &cobra.Command{
		Use:   "hap [--json] -- CMD [ARGS...]",
		Short: "compare the host kernel surface CMD touches natively, in husk and in runsc",
		Long: `Runs CMD natively, under husk (husk do --platform=ptrace and =systrap) and under gVisor's runsc
(when installed), each in its own tracefs instance that follows the whole process
tree, and prints side by side the distinct host syscalls, the total host syscalls,
the processes traced, the distinct kernel functions (where the function tracer is
allowed) and the wall time. CMD's stdout is discarded and its stdin is /dev/null.
Needs root and tracefs.

` + hap.Method,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := hap.Usable(); err != nil {
				return err
			}
			self, err := os.Executable()
			if err != nil {
				return fmt.Errorf("find the husk binary: %w", err)
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			runners := []hap.Runner{
				{Name: "native"},
				{Name: "husk/ptrace", Prefix: []string{self, "do", "--platform=ptrace", "--"}},
				{Name: "husk/systrap", Prefix: []string{self, "do", "--platform=systrap", "--"}},
				findRunsc(runscPath, noRunsc),
			}
			opt := hap.Options{Self: self, BufferKB: bufferKB, Functions: true, Timeout: timeout}
			var results []*hap.Result
			for _, r := range runners {
				res, err := hap.Trace(ctx, r, args, opt)
				if ctx.Err() != nil {
					return fmt.Errorf("interrupted during the %s run (its tracefs instance is removed)", r.Name)
				}
				if err != nil {
					return fmt.Errorf("%s: %w", r.Name, err)
				}
				results = append(results, res)
			}
			report := struct {
				Command []string      `json:"command"`
				Method  string        `json:"method"`
				Results []*hap.Result `json:"results"`
			}{args, strings.ReplaceAll(hap.Method, "\n", " "), results}
			js, err := json.MarshalIndent(report, "", "  ")
			if err != nil {
				return err
			}
			js = append(js, '\n')
			if jsonOut != "" {
				if err := os.WriteFile(jsonOut, js, 0o644); err != nil {
					return fmt.Errorf("--json-out: %w", err)
				}
			}
			if asJSON {
				_, err := os.Stdout.Write(js)
				return err
			}
			if markdown {
				fmt.Print(hap.Markdown(args, results))
				return nil
			}
			fmt.Printf("husk hap -- %s\n\n%s\n\n%s", hap.ShellJoin(args), hap.Method, hap.Table(results))
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print JSON with the per-syscall counts")
	f.BoolVar(&markdown, "markdown", false, "print a Markdown table (for bench/hap-report.md)")
	f.StringVar(&jsonOut, "json-out", "", "also write the JSON report to this file")
	f.StringVar(&runscPath, "runsc", "", "runsc binary (default: ../shared/peers/install-runsc.sh, then $PATH)")
	f.BoolVar(&noRunsc, "no-runsc", false, "skip the runsc column")
	f.DurationVar(&timeout, "timeout", 2*time.Minute, "per-runner time limit")
	f.IntVar(&bufferKB, "buffer-kb", 16384, "per-CPU trace buffer size of each tracefs instance")
	f.SetInterspersed(false)
	return cmd
}

// findRunsc locates gVisor's runsc: the flag, the peers install script
// (relative to the repository root, i.e. the binary's ../..), then $PATH.
func findRunsc(flagPath string, skip bool) hap.Runner {
	r := hap.Runner{Name: "runsc"}
	if skip {
		r.Missing = "skipped"
		return r
	}
	path := flagPath
	if path == "" {
		for _, script := range installScripts() {
			if _, err := os.Stat(script); err != nil {
				continue
			}
			out, err := exec.Command(script).Output()
			if err == nil {
				path = strings.TrimSpace(string(out))
				break
			}
		}
	}
	if path == "" {
		path, _ = exec.LookPath("runsc")
	}
	if path == "" {
		r.Missing = "not installed"
		return r
	}
	if _, err := os.Stat(path); err != nil {
		r.Missing = "not installed"
		return r
	}
	r.Prefix = []string{path, "--network=none", "do"}
	return r
}

func installScripts() []string {
	var out []string
	if wd, err := os.Getwd(); err == nil {
		out = append(out, wd+"/../shared/peers/install-runsc.sh")
	}
	if self, err := os.Executable(); err == nil {
		// bin/husk -> repo root is ../
		out = append(out, self[:strings.LastIndex(self, "/")]+"/../../shared/peers/install-runsc.sh")
	}
	return out
}

func init() {
	// hap-exec writes its tracefs marker and execs from the main thread,
	// whose tid is the process's pid: the pid the instance must follow (a
	// marker from another thread would name a tid that vanishes at exec).
	// Locking in init keeps the main goroutine on the main thread.
	if len(os.Args) > 1 && os.Args[1] == hap.ExecVerb {
		runtime.LockOSThread()
	}
}

// newHapExecCmd is the hidden helper that `husk hap` traces: it waits until
// fd 3 yields a byte (the tracefs instance follows its pid by then) and
// execs the command in its place.
func newHapExecCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:    hap.ExecVerb + " -- CMD [ARGS...]",
		Hidden: true,
		Args:   cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if m, ok := os.LookupEnv(hap.MarkerEnv); ok {
				os.Unsetenv(hap.MarkerEnv)
				path, text, _ := strings.Cut(m, " ")
				if err := os.WriteFile(path, []byte(text), 0); err != nil {
					return fmt.Errorf("hap-exec: write marker: %w", err)
				}
			}
			gate := os.NewFile(3, "hap-gate")
			var b [1]byte
			n, _ := gate.Read(b[:])
			gate.Close()
			if n != 1 {
				return errors.New("hap-exec: released without the go byte (husk hap went away)")
			}
			path, err := exec.LookPath(args[0])
			if err != nil {
				return fmt.Errorf("hap-exec: %w", err)
			}
			if err := syscall.Exec(path, args, os.Environ()); err != nil {
				return fmt.Errorf("hap-exec: exec %s: %w", path, err)
			}
			return nil
		},
	}
	cmd.Flags().SetInterspersed(false)
	return cmd
}
