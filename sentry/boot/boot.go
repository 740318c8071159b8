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
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap"
	"golang.org/x/sys/unix"
	"gvisor.dev/gvisor/pkg/abi/linux"

	"husk/gofer"
	"husk/platform"
	"husk/platform/ptrace"
	"husk/platform/systrap"
	"husk/seccomp"
	goferfs "husk/sentry/fs/gofer"
	"husk/sentry/fs/host"
	"husk/sentry/fs/overlay"
	"husk/sentry/fs/proc"
	"husk/sentry/fs/synth"
	sysfs "husk/sentry/fs/sys"
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
	// Mounts are the gofer's bind mounts, in the gofer's order: Mounts[i]
	// is the gofer's mount i+1. They are mounted in order, before the
	// tmpfs mounts.
	Mounts []Mount `json:"mounts,omitempty"`
	// Overlay makes the root copy-on-write: the gofer's read-only root
	// under a tmpfs in the sentry (sentry/fs/overlay), whose changes vanish
	// with the sandbox. Without it the root is read-only (EROFS).
	Overlay bool `json:"overlay,omitempty"`
}

// Mount is one bind mount the gofer serves.
type Mount struct {
	// Guest is where it appears in the sandbox: an absolute path. The
	// directories on the way that the root lacks appear as empty read-only
	// directories.
	Guest    string `json:"guest"`
	ReadOnly bool   `json:"readOnly,omitempty"`
	// What names the mount in errors (e.g. "--volume /src:/work").
	What string `json:"what,omitempty"`
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
func hostAuxv() (hwcap, hwcap2, minSigStkSz uint64) {
	b, err := os.ReadFile("/proc/self/auxv")
	if err != nil {
		return 0, 0, 0
	}
	for i := 0; i+16 <= len(b); i += 16 {
		k, v := binary.LittleEndian.Uint64(b[i:]), binary.LittleEndian.Uint64(b[i+8:])
		switch k {
		case 16:
			hwcap = v
		case 26:
			hwcap2 = v
		case 51: // AT_MINSIGSTKSZ
			minSigStkSz = v
		}
	}
	return hwcap, hwcap2, minSigStkSz
}

// hostNice is husk's own nice value (field 19 of /proc/self/stat), which
// the first process inherits as a native command would.
func hostNice() int {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 17 {
		return 0
	}
	n, err := strconv.Atoi(f[16])
	if err != nil || n < -20 || n > 19 {
		return 0
	}
	return n
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

// NewPlatform makes the named platform: ptrace, systrap, or auto (the
// default), which picks systrap when it works on this host (its probe makes
// and releases one stub: seccomp traps, futex_waitv, the master stub) and
// falls back to ptrace, saying why at debug level.
func NewPlatform(name string, mf platform.MemoryFile, log *zap.Logger) (platform.Platform, error) {
	switch name {
	case "ptrace":
		return ptrace.New(mf)
	case "systrap":
		return systrap.New(mf)
	case "", "auto":
		p, err := systrap.New(mf)
		if err == nil {
			if err = p.Probe(); err != nil {
				p.Close()
			}
		}
		if err == nil {
			log.Debug("platform auto: systrap (stub processes trap syscalls with seccomp; no /dev/kvm platform yet)")
			return p, nil
		}
		log.Debug("platform auto: systrap does not work here, using ptrace", zap.Error(err))
		return ptrace.New(mf)
	}
	return nil, fmt.Errorf("platform %q is not available (use --platform=auto, systrap or ptrace)", name)
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
	p, err := NewPlatform(spec.Platform, mf, log)
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
	if spec.Overlay {
		ov, err := overlay.New(rootInode)
		if err != nil {
			return Status{}, fmt.Errorf("the overlay root: %w", err)
		}
		rootInode = ov
	}
	root := vfs.NewRoot(rootInode)
	for i, m := range spec.Mounts {
		_, ino, err := goferfs.NewMount(client, uint32(i+1), !m.ReadOnly)
		if err != nil {
			return Status{Exit: 125, Error: fmt.Sprintf("%s: attaching it through the gofer: %v", m.What, err)}, nil
		}
		if err := mountAt(root, m.Guest, ino, uint64(0x100+16*i)); err != nil {
			return Status{Exit: 125, Error: fmt.Sprintf("%s: %v", m.What, err)}, nil
		}
	}
	mountDevpts(root)
	if err := mountTmpfs(root, spec.Tmpfs); err != nil {
		return Status{Exit: 125, Error: err.Error()}, nil
	}
	hw, hw2, minSig := hostAuxv()
	var si unix.Sysinfo_t
	unix.Sysinfo(&si)
	k := &kernel.Kernel{Platform: p, MF: mf, Root: root, Syscalls: syscalls.New(log), Log: log,
		Strace: spec.Strace, Uname: utsname(spec.Hostname), HWCap: hw, HWCap2: hw2, MinSigStkSz: minSig, Nice: hostNice(),
		BootTime: time.Now(), TotalRAM: si.Totalram * uint64(si.Unit)}
	k.VDSO = vd
	// The host's /proc and /sys stay the host's: the app gets the
	// sandbox's own, made from its kernel's state.
	hi := hostInfo()
	root.MountFS("proc", proc.New(k, hi, sandboxMounts(root, spec)), vfs.FixedStatFS(vfs.ProcMagic))
	root.MountFS("sys", sysfs.New(hi.CPUs, k.BootTime), vfs.FixedStatFS(vfs.SysfsMagic))

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

// mountAt mounts ino at path (absolute, not "/"). A missing directory on
// the way, the last one included, appears as an empty read-only directory
// (inode numbers from ino on): the root may be read-only, so nothing is made
// in it. Errors name what is wrong and the fix.
func mountAt(root *vfs.Dentry, path string, ino vfs.Inode, firstIno uint64) error {
	if !strings.HasPrefix(path, "/") {
		return fmt.Errorf("%s is not an absolute path", path)
	}
	var parts []string
	for _, p := range strings.Split(path, "/") {
		switch p {
		case "", ".":
		case "..":
			return fmt.Errorf("%s: \"..\" in a mount point (give a clean absolute path)", path)
		default:
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return fmt.Errorf("cannot mount over the sandbox's root / (use --rootfs DIR for another root)")
	}
	w := vfs.Walker{Root: root, Cwd: root}
	d := root
	for k, name := range parts {
		last := k == len(parts)-1
		if last {
			if c, err := w.Resolve(d, name, true); err == nil {
				if st, err := c.Inode().Stat(); err != nil || !st.IsDir() {
					return fmt.Errorf("%s: not a directory in the sandbox (a mount point must be one)", path)
				}
				// Mount at the symlink's target where the last name is one.
				if c.Parent() != d || c.Name() != name {
					return fmt.Errorf("%s is a symlink in the sandbox: name the directory it points to", path)
				}
			}
			d.Mount(name, ino)
			return nil
		}
		c, err := w.Resolve(d, name, true)
		if err == unix.ENOENT {
			d.Mount(name, emptyDir(firstIno+uint64(k)))
			c, err = w.Resolve(d, name, true)
		}
		if err != nil {
			return fmt.Errorf("%s: %s: %v", path, "/"+strings.Join(parts[:k+1], "/"), err)
		}
		d = c
	}
	return nil
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

// emptyDir is an empty read-only directory of the sentry's own: a mount
// point the root lacks.
func emptyDir(ino uint64) vfs.Inode {
	return synth.NewDir(&synth.Dir{
		Attr: synth.Attr{Dev: 0x2a, Ino: ino, Perm: 0o555, Time: time.Now()},
		List: func() []string { return nil },
		Get:  func(string) (vfs.Inode, error) { return nil, unix.ENOENT },
	})
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
