// Package boot starts the sentry: it reads the sandbox spec, creates the
// memory file and the platform, connects to the gofer, builds the kernel and
// the first task, and runs it to the end. It is the only sentry package that
// may open host paths, and only before the first app instruction.
//
// It never runs app code itself; the kernel does.
//
// Lock order: none (single goroutine until the task runs).
package boot

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"go.uber.org/zap"
	"golang.org/x/sys/unix"
	"gvisor.dev/gvisor/pkg/abi/linux"

	"husk/gofer"
	"husk/platform"
	"husk/platform/ptrace"
	"husk/seccomp"
	goferfs "husk/sentry/fs/gofer"
	"husk/sentry/fs/host"
	"husk/sentry/fs/tmpfs"
	"husk/sentry/fs/tty"
	"husk/sentry/kernel"
	"husk/sentry/loader/vdso"
	"husk/sentry/mm"
	"husk/sentry/syscalls"
	"husk/sentry/vfs"
)

// Spec is what the runtime tells the sentry to run.
type Spec struct {
	Argv     []string `json:"argv"`
	Env      []string `json:"env"`
	Cwd      string   `json:"cwd"`
	Platform string   `json:"platform"`
	Debug    bool     `json:"debug"`
	Strace   bool     `json:"strace"`
	UID      uint32   `json:"uid"`
	GID      uint32   `json:"gid"`
	Groups   []uint32 `json:"groups"`
	Hostname string   `json:"hostname,omitempty"`
	// Tmpfs lists absolute paths of existing directories to cover with a
	// fresh tmpfs (mode 1777).
	Tmpfs []string `json:"tmpfs,omitempty"`
	// Seccomp is the container's seccomp profile compiled to classic BPF
	// (runtime.CompileSeccomp): enforced on the app from its first
	// instruction, like a filter it installed itself.
	Seccomp []linux.BPFInstruction `json:"seccomp,omitempty"`
}

// Status is what the sentry reports when the app is done.
type Status struct {
	// Exit is the app's exit code; Signal the signal that killed it (0 if none).
	Exit   int  `json:"exit"`
	Signal int  `json:"signal"`
	Core   bool `json:"core,omitempty"`
	// Error is set when the app never ran (command not found, bad ELF...);
	// Exit then holds the shell-like code (127, 126).
	Error string `json:"error,omitempty"`
}

// FDs the runtime passes to `husk boot`.
const (
	GoferFD  = 3
	SpecFD   = 4
	StatusFD = 5
)

// Main is `husk boot`: it runs the sandbox and reports its status on
// StatusFD. It returns an error only when the sentry itself failed.
func Main() error {
	specFile := os.NewFile(SpecFD, "spec")
	var spec Spec
	if err := json.NewDecoder(io.LimitReader(specFile, 1<<20)).Decode(&spec); err != nil {
		return fmt.Errorf("reading the sandbox spec: %w", err)
	}
	specFile.Close()
	log := newLogger(spec.Debug, spec.Strace)
	st := runRecovered(&spec, log)
	b, _ := json.Marshal(st)
	status := os.NewFile(StatusFD, "status")
	status.Write(b)
	status.Close()
	return nil
}

// runRecovered runs the sandbox; a failure or a panic of the sentry itself
// becomes a status with one line for husk to print (exit 125). The panic's
// stack goes to the log at debug level.
func runRecovered(spec *Spec, log *zap.Logger) (st Status) {
	defer func() {
		if r := recover(); r != nil {
			log.Debug("sentry panic", zap.Any("panic", r), zap.ByteString("stack", debug.Stack()))
			st = Status{Exit: 125, Error: fmt.Sprintf("sentry panic: %v (the sandbox is killed; --debug shows the stack)", r)}
		}
	}()
	st, err := run(spec, log)
	if err != nil {
		st = Status{Exit: 125, Error: "sentry: " + err.Error()}
	}
	return st
}

func newLogger(debugOn, strace bool) *zap.Logger {
	cfg := zap.NewDevelopmentConfig()
	cfg.DisableStacktrace = true
	cfg.DisableCaller = true
	cfg.EncoderConfig.TimeKey = ""
	cfg.EncoderConfig.LevelKey = ""
	cfg.EncoderConfig.MessageKey = "M"
	cfg.EncoderConfig.NameKey = "N"
	switch {
	case debugOn:
		cfg.Level = zap.NewAtomicLevelAt(zap.DebugLevel)
	case strace:
		cfg.Level = zap.NewAtomicLevelAt(zap.InfoLevel)
	default:
		cfg.Level = zap.NewAtomicLevelAt(zap.WarnLevel)
	}
	l, err := cfg.Build()
	if err != nil {
		return zap.NewNop()
	}
	return l.Named("husk-sentry")
}

// hostAuxv reads the host's AT_HWCAP and AT_HWCAP2 (before the filter).
func hostAuxv() (hwcap, hwcap2 uint64) {
	b, err := os.ReadFile("/proc/self/auxv")
	if err != nil {
		return 0, 0
	}
	for i := 0; i+16 <= len(b); i += 16 {
		k, v := binary.LittleEndian.Uint64(b[i:]), binary.LittleEndian.Uint64(b[i+8:])
		switch k {
		case 16:
			hwcap = v
		case 26:
			hwcap2 = v
		}
	}
	return hwcap, hwcap2
}

func utsname(hostname string) kernel.Utsname {
	var u unix.Utsname
	unix.Uname(&u)
	s := func(b []byte) string {
		for i, c := range b {
			if c == 0 {
				return string(b[:i])
			}
		}
		return string(b)
	}
	k := kernel.Utsname{Sysname: s(u.Sysname[:]), Nodename: s(u.Nodename[:]), Release: s(u.Release[:]),
		Version: s(u.Version[:]), Machine: s(u.Machine[:]), Domainname: s(u.Domainname[:])}
	if hostname != "" {
		k.Nodename = hostname
	}
	return k
}

// NewPlatform makes the named platform ("auto" picks the best available).
func NewPlatform(name string, mf platform.MemoryFile) (platform.Platform, error) {
	switch name {
	case "", "auto", "ptrace":
		return ptrace.New(mf)
	}
	return nil, fmt.Errorf("platform %q is not available (use --platform=ptrace)", name)
}

func run(spec *Spec, log *zap.Logger) (Status, error) {
	if len(spec.Argv) == 0 {
		return Status{}, errors.New("empty command")
	}
	mf, err := mm.NewMemoryFile()
	if err != nil {
		return Status{}, err
	}
	// The vDSO's clock comes up in the background while the sandbox
	// boots (at once when CPUID gives the TSC's rate, else after a 1 ms
	// measurement); until then its calls take the syscall.
	vd, err := vdso.New(mf)
	if err != nil {
		return Status{}, fmt.Errorf("vDSO: %w", err)
	}
	vd.Start(nil)
	p, err := NewPlatform(spec.Platform, mf)
	if err != nil {
		return Status{}, err
	}
	client, err := gofer.NewClient(GoferFD)
	if err != nil {
		return Status{}, fmt.Errorf("connecting to the gofer: %w", err)
	}
	// The connection stays open until the process exits, after the status
	// is written: the gofer's exit then never races the status.
	_, rootInode, err := goferfs.New(client)
	if err != nil {
		return Status{}, fmt.Errorf("attaching the root through the gofer: %w", err)
	}
	root := vfs.NewRoot(rootInode)
	// The host's /proc and /sys stay the host's: the app gets empty
	// directories there until the sentry serves its own.
	root.Mount("proc", vfs.NewEmptyDir(2))
	root.Mount("sys", vfs.NewEmptyDir(3))
	mountDevpts(root)
	if err := mountTmpfs(root, spec.Tmpfs); err != nil {
		return Status{Exit: 125, Error: err.Error()}, nil
	}
	hw, hw2 := hostAuxv()
	var si unix.Sysinfo_t
	unix.Sysinfo(&si)
	k := &kernel.Kernel{Platform: p, MF: mf, Root: root, Syscalls: syscalls.New(log), Log: log,
		Strace: spec.Strace, Uname: utsname(spec.Hostname), HWCap: hw, HWCap2: hw2,
		BootTime: time.Now(), TotalRAM: si.Totalram * uint64(si.Unit)}
	k.VDSO = vd

	fds := vfs.NewFDTable(1 << 20)
	for fd := 0; fd < 3; fd++ {
		if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != nil {
			continue // not open in husk: not open in the sandbox either
		}
		h := host.New(fd)
		f := vfs.NewFile(h, nil, h.Flags())
		fds.InstallAt(f, int32(fd), false)
		f.DecRef()
	}
	w := vfs.Walker{Root: root, Cwd: root}
	cwd, err := w.Resolve(root, spec.Cwd, true)
	if err != nil {
		return Status{Exit: 126, Error: fmt.Sprintf("working directory %s: %v (the command runs in husk's current directory)", spec.Cwd, err)}, nil
	}
	creds := kernel.Creds{UID: spec.UID, EUID: spec.UID, SUID: spec.UID, GID: spec.GID, EGID: spec.GID, SGID: spec.GID, Groups: spec.Groups}
	if spec.UID == 0 {
		creds.CapEffective, creds.CapPermitted = kernel.AllCaps, kernel.AllCaps
	}
	t, err := k.NewTask(fds, cwd, creds)
	if err != nil {
		return Status{}, err
	}
	path, err := t.LookPath(spec.Argv[0], spec.Env)
	if err == nil {
		err = t.Exec(path, spec.Argv, spec.Env)
	}
	if err != nil {
		return execFailure(spec.Argv[0], err), nil
	}
	if len(spec.Seccomp) > 0 {
		prog, err := kernel.CheckSeccompFilter(spec.Seccomp)
		if err == nil {
			err = t.AddRuntimeSeccompFilter(prog, len(spec.Seccomp))
		}
		if err != nil {
			return Status{Exit: 125, Error: fmt.Sprintf("seccomp profile: %v (the compiled filter was refused)", err)}, nil
		}
	}
	// From here on the sentry can make only the host calls on its list.
	testPanic := os.Getenv("HUSK_TEST_SENTRY_PANIC") // read before the filter: tests only
	if err := seccomp.Install(HostCalls(p.Name(), mf.FD())); err != nil {
		return Status{}, err
	}
	switch testPanic {
	case "main":
		panic("test panic on the main goroutine (HUSK_TEST_SENTRY_PANIC)")
	case "goroutine":
		go func() { panic("test panic on another goroutine (HUSK_TEST_SENTRY_PANIC)") }()
	}
	log.Debug("starting", zap.String("path", path), zap.Strings("argv", spec.Argv), zap.String("platform", p.Name()))
	ws, err := t.Run()
	if err != nil {
		return Status{}, err
	}
	t.ThreadExited(ws)
	ws = t.WaitGroup()
	switch {
	case ws.Signaled():
		return Status{Signal: int(ws.Signal()), Core: ws.CoreDump()}, nil
	default:
		return Status{Exit: ws.ExitStatus()}, nil
	}
}

// execFailure turns a failed first exec into a shell-like status.
func execFailure(cmd string, err error) Status {
	var en unix.Errno
	errors.As(err, &en)
	switch en {
	case unix.ENOENT:
		return Status{Exit: 127, Error: fmt.Sprintf("%s: no such file or directory (not found in the sandbox's root or PATH)", cmd)}
	case unix.ENOEXEC, unix.ELIBBAD:
		return Status{Exit: 126, Error: fmt.Sprintf("%s: exec format error (not an x86-64 ELF executable)", cmd)}
	}
	msg := err.Error()
	if en != 0 {
		msg = en.Error()
	}
	return Status{Exit: 126, Error: fmt.Sprintf("%s: %s", cmd, msg)}
}

// mountTmpfs covers each path (an existing directory) with a new tmpfs.
func mountTmpfs(root *vfs.Dentry, paths []string) error {
	w := vfs.Walker{Root: root, Cwd: root}
	for i, p := range paths {
		if !strings.HasPrefix(p, "/") {
			return fmt.Errorf("--tmpfs %s: not an absolute path", p)
		}
		d, err := w.Resolve(root, p, true)
		if err == nil {
			st, serr := d.Inode().Stat()
			if serr != nil || !st.IsDir() {
				err = unix.ENOTDIR
			}
		}
		if err != nil {
			return fmt.Errorf("--tmpfs %s: %v (the mount point must be an existing directory in the sandbox's root)", p, err)
		}
		parent, name, err := w.ResolveParent(root, p)
		if err != nil || name == "" {
			return fmt.Errorf("--tmpfs %s: cannot mount over the root", p)
		}
		parent.Mount(name, tmpfs.New(uint64(0x30+i), 0o1777, 0, 0))
	}
	return nil
}

// mountDevpts covers /dev/pts (when the root has /dev) with the sandbox's
// own devpts: the app's ptys are the sentry's, never the host's.
func mountDevpts(root *vfs.Dentry) {
	w := vfs.Walker{Root: root, Cwd: root}
	d, err := w.Resolve(root, "/dev", true)
	if err != nil {
		return
	}
	if st, err := d.Inode().Stat(); err != nil || !st.IsDir() {
		return
	}
	fs := tty.Default()
	d.Mount("pts", fs.Root())
	if pts, err := w.Resolve(d, "pts", false); err == nil {
		fs.Mounted(pts)
	}
}
