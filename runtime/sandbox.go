// Package runtime starts and supervises a sandbox's processes: the sentry
// (`husk boot`) and the gofer (`husk gofer`), wired by a socketpair, with the
// app's stdio being the caller's. When any of them dies the others go too.
//
// It never runs app code and never serves files itself.
//
// Lock order: none.
package runtime

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"husk/sentry/boot"
)

// Sandbox is one sandbox to run.
type Sandbox struct {
	Spec     boot.Spec
	RootPath string // served by the gofer as /, read-only
	// Binds are the host directories of Spec.Mounts, in the same order:
	// the gofer serves Binds[i] as its mount i+1, read-only as
	// Spec.Mounts[i] says.
	Binds []string
	Debug bool
	// Exe is the husk binary to re-execute (default /proc/self/exe).
	Exe string
}

// Result is how the sandboxed command ended.
type Result struct {
	Status boot.Status
}

// Code is the exit code a shell would report: the exit status, or 128+N
// for death by signal N.
func (r Result) Code() int {
	if r.Status.Signal != 0 {
		return 128 + r.Status.Signal
	}
	return r.Status.Exit
}

// Run starts the gofer and the sentry, waits for the command, and tears
// everything down.
func (s *Sandbox) Run() (Result, error) {
	exe := s.Exe
	if exe == "" {
		exe = "/proc/self/exe"
	}
	// Descriptors husk inherited (from a CI runner, a shell) must not reach
	// the sentry or the gofer: only those named below do.
	closeExecFrom(3)
	env := childEnv()
	pair, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return Result{}, fmt.Errorf("gofer socket: %w", err)
	}
	goferEnd := os.NewFile(uintptr(pair[0]), "gofer-sock")
	sentryEnd := os.NewFile(uintptr(pair[1]), "sentry-sock")
	defer goferEnd.Close()
	defer sentryEnd.Close()

	if len(s.Binds) != len(s.Spec.Mounts) {
		return Result{}, fmt.Errorf("sandbox: %d bind mounts for %d mount points", len(s.Binds), len(s.Spec.Mounts))
	}
	goferArgs := []string{"gofer", "--root", s.RootPath, "--fd", "3"}
	for i, b := range s.Binds {
		mode := "rw"
		if s.Spec.Mounts[i].ReadOnly {
			mode = "ro"
		}
		goferArgs = append(goferArgs, "--mount", b+":"+mode)
	}
	if s.Debug {
		goferArgs = append([]string{"--debug"}, goferArgs...)
	}
	gcmd := exec.Command(exe, goferArgs...)
	gcmd.Args[0] = "husk-gofer"
	gcmd.Env = env
	gcmd.ExtraFiles = []*os.File{goferEnd}
	gcmd.Stderr = os.Stderr
	gcmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	if os.Geteuid() == 0 {
		gcmd.SysProcAttr.Cloneflags = syscall.CLONE_NEWNS
	}
	if err := gcmd.Start(); err != nil {
		return Result{}, fmt.Errorf("starting the gofer: %w", err)
	}
	goferEnd.Close()

	specR, specW, err := os.Pipe()
	if err != nil {
		gcmd.Process.Kill()
		gcmd.Wait()
		return Result{}, err
	}
	statusR, statusW, err := os.Pipe()
	if err != nil {
		gcmd.Process.Kill()
		gcmd.Wait()
		return Result{}, err
	}
	scmd := exec.Command(exe, "boot")
	scmd.Args[0] = "husk-sentry"
	scmd.Env = env
	scmd.Stdin, scmd.Stdout, scmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	scmd.ExtraFiles = []*os.File{sentryEnd, specR, statusW}
	scmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := scmd.Start(); err != nil {
		gcmd.Process.Kill()
		gcmd.Wait()
		return Result{}, fmt.Errorf("starting the sentry: %w", err)
	}
	sentryEnd.Close()
	specR.Close()
	statusW.Close()

	// Signals to husk end the sandbox, as they would end a foreground job.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, unix.SIGINT, unix.SIGTERM, unix.SIGHUP)
	defer signal.Stop(sigs)

	if err := json.NewEncoder(specW).Encode(&s.Spec); err != nil {
		scmd.Process.Kill()
	}
	specW.Close()

	sentryDone := make(chan error, 1)
	goferDone := make(chan error, 1)
	go func() { sentryDone <- scmd.Wait() }()
	go func() { goferDone <- gcmd.Wait() }()

	var killedBy os.Signal
	var sentryErr error
	var goferErr error
	goferExited := false
	for done := false; !done; {
		select {
		case sentryErr = <-sentryDone:
			done = true
		case goferErr = <-goferDone:
			// The gofer exits cleanly only when the sentry hung up (it is
			// ending); any other gofer death leaves the sandbox without a
			// root, so the sentry goes too.
			goferExited = true
			if goferErr != nil {
				scmd.Process.Kill()
			}
		case killedBy = <-sigs:
			scmd.Process.Kill()
		}
	}
	if !goferExited {
		gcmd.Process.Kill()
		<-goferDone
	}
	// The sentry is gone, so its status is in the pipe or nowhere: never
	// wait on a write end some stray process might still hold.
	syscall.SetNonblock(int(statusR.Fd()), true)
	b, _ := io.ReadAll(io.LimitReader(statusR, 1<<16))
	statusR.Close()
	if killedBy != nil {
		return Result{Status: boot.Status{Signal: int(killedBy.(syscall.Signal))}}, nil
	}
	var st boot.Status
	if len(b) == 0 || json.Unmarshal(b, &st) != nil {
		// A clean gofer exit only follows the sentry's hang-up: then it is
		// the sentry that died.
		if goferExited && goferErr != nil {
			return Result{}, fmt.Errorf("the gofer died (%v), so the sandbox was killed", goferErr)
		}
		return Result{}, fmt.Errorf("the sentry died without reporting the command's status (%v; run with --debug for its log)", sentryErr)
	}
	return Result{Status: st}, nil
}

// closeExecFrom marks every descriptor of this process from fd up
// close-on-exec (runc does the same before it starts a container).
func closeExecFrom(fd int) {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return
	}
	for _, e := range ents {
		if n, err := strconv.Atoi(e.Name()); err == nil && n >= fd {
			unix.CloseOnExec(n)
		}
	}
}

// childEnv is the environment of the sentry and the gofer (the app's is in
// the spec): husk's, with the Go runtime told not to read the host's cgroup
// files for GOMAXPROCS, which it would otherwise hold open, outside the
// gofer, for the sandbox's whole life.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GODEBUG=") {
			env = append(env, kv)
		}
	}
	return append(env, "GODEBUG=containermaxprocs=0,updatemaxprocs=0")
}
