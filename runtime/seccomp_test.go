package runtime

import (
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
	"gvisor.dev/gvisor/pkg/abi/linux"
	"gvisor.dev/gvisor/pkg/bpf"

	"husk/sentry/kernel"
)

// eval runs prog on a seccomp_data for (arch, nr, args) the way the sentry
// and the kernel do.
func eval(t *testing.T, prog []linux.BPFInstruction, arch uint32, nr uint32, args ...uint64) uint32 {
	t.Helper()
	p, err := kernel.CheckSeccompFilter(prog)
	if err != nil {
		t.Fatalf("the compiled filter is refused by Linux's checks: %v", err)
	}
	data := make([]byte, 64)
	binary.LittleEndian.PutUint32(data[0:], nr)
	binary.LittleEndian.PutUint32(data[4:], arch)
	for i, a := range args {
		binary.LittleEndian.PutUint64(data[16+8*i:], a)
	}
	ret, err := bpf.Exec[bpf.NativeEndian](p, bpf.Input(data))
	if err != nil {
		t.Fatalf("filter fault: %v", err)
	}
	return ret
}

func errnoPtr(e unix.Errno) *uint { v := uint(e); return &v }

// TestCompileSeccompOperators checks every operator on 64-bit values whose
// halves differ, against Go's own comparison.
func TestCompileSeccompOperators(t *testing.T) {
	values := []uint64{0, 1, 0xffffffff, 0x100000000, 0x100000001, 0x1ffffffff, 0xffffffff00000000, ^uint64(0), 42}
	ops := map[specs.LinuxSeccompOperator]func(a, v, v2 uint64) bool{
		specs.OpEqualTo:      func(a, v, _ uint64) bool { return a == v },
		specs.OpNotEqual:     func(a, v, _ uint64) bool { return a != v },
		specs.OpLessThan:     func(a, v, _ uint64) bool { return a < v },
		specs.OpLessEqual:    func(a, v, _ uint64) bool { return a <= v },
		specs.OpGreaterThan:  func(a, v, _ uint64) bool { return a > v },
		specs.OpGreaterEqual: func(a, v, _ uint64) bool { return a >= v },
		specs.OpMaskedEqual:  func(a, v, v2 uint64) bool { return a&v == v2 },
	}
	for op, want := range ops {
		for _, v := range values {
			v2 := v & 0xf0000000f
			prof := &specs.LinuxSeccomp{
				DefaultAction: specs.ActErrno, DefaultErrnoRet: errnoPtr(unix.EPERM),
				Syscalls: []specs.LinuxSyscall{{Names: []string{"getppid"}, Action: specs.ActAllow,
					Args: []specs.LinuxSeccompArg{{Index: 2, Value: v, ValueTwo: v2, Op: op}}}},
			}
			prog, _, err := CompileSeccomp(prof)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range values {
				got := eval(t, prog, linux.AUDIT_ARCH_X86_64, unix.SYS_GETPPID, 0, 0, a)
				exp := uint32(kernel.SeccompRetErrno | uint32(unix.EPERM))
				if want(a, v, v2) {
					exp = kernel.SeccompRetAllow
				}
				if got != exp {
					t.Errorf("%s value %#x (two %#x), arg %#x: got %#x, want %#x", op, v, v2, a, got, exp)
				}
			}
		}
	}
}

func TestCompileSeccompRules(t *testing.T) {
	prof := &specs.LinuxSeccomp{
		DefaultAction: specs.ActErrno, // no defaultErrnoRet: EPERM
		Syscalls: []specs.LinuxSyscall{
			{Names: []string{"read", "write", "no_such_call"}, Action: specs.ActAllow},
			// Unconditional first in the profile, but the conditional rule wins when it holds.
			{Names: []string{"personality"}, Action: specs.ActErrno, ErrnoRet: errnoPtr(unix.EINVAL)},
			{Names: []string{"personality"}, Action: specs.ActAllow, Args: []specs.LinuxSeccompArg{{Index: 0, Value: 8, Op: specs.OpEqualTo}}},
			// Two conditions on one argument: either holds.
			{Names: []string{"kill"}, Action: specs.ActAllow, Args: []specs.LinuxSeccompArg{
				{Index: 1, Value: 9, Op: specs.OpEqualTo}, {Index: 1, Value: 15, Op: specs.OpEqualTo}, {Index: 0, Value: 1, Op: specs.OpGreaterThan}}},
			{Names: []string{"clone3"}, Action: specs.ActErrno, ErrnoRet: errnoPtr(unix.ENOSYS)},
			{Names: []string{"reboot"}, Action: specs.ActKillProcess},
			{Names: []string{"getpid"}, Action: specs.ActTrap},
		},
	}
	prog, ignored, err := CompileSeccomp(prof)
	if err != nil {
		t.Fatal(err)
	}
	if len(ignored) != 1 || ignored[0] != "no_such_call" {
		t.Errorf("ignored = %v, want [no_such_call]", ignored)
	}
	x86 := uint32(linux.AUDIT_ARCH_X86_64)
	eperm := uint32(kernel.SeccompRetErrno) | uint32(unix.EPERM)
	for _, c := range []struct {
		what string
		arch uint32
		nr   uint32
		args []uint64
		want uint32
	}{
		{"read", x86, unix.SYS_READ, nil, kernel.SeccompRetAllow},
		{"write", x86, unix.SYS_WRITE, nil, kernel.SeccompRetAllow},
		{"open (default)", x86, unix.SYS_OPEN, nil, eperm},
		{"personality(8)", x86, unix.SYS_PERSONALITY, []uint64{8}, kernel.SeccompRetAllow},
		{"personality(9)", x86, unix.SYS_PERSONALITY, []uint64{9}, kernel.SeccompRetErrno | uint32(unix.EINVAL)},
		{"kill(2, 9)", x86, unix.SYS_KILL, []uint64{2, 9}, kernel.SeccompRetAllow},
		{"kill(2, 15)", x86, unix.SYS_KILL, []uint64{2, 15}, kernel.SeccompRetAllow},
		{"kill(2, 10)", x86, unix.SYS_KILL, []uint64{2, 10}, eperm},
		{"kill(1, 9)", x86, unix.SYS_KILL, []uint64{1, 9}, eperm},
		{"clone3", x86, unix.SYS_CLONE3, nil, kernel.SeccompRetErrno | uint32(unix.ENOSYS)},
		{"reboot", x86, unix.SYS_REBOOT, nil, kernel.SeccompRetKillProcess},
		{"getpid", x86, unix.SYS_GETPID, nil, kernel.SeccompRetTrap},
		{"i386 arch", 0x40000003 /* AUDIT_ARCH_I386 */, unix.SYS_READ, nil, kernel.SeccompRetKillThread},
		{"x32 number", x86, 0x40000000 | unix.SYS_READ, nil, kernel.SeccompRetKillThread},
	} {
		if got := eval(t, prog, c.arch, c.nr, c.args...); got != c.want {
			t.Errorf("%s: got %#x, want %#x", c.what, got, c.want)
		}
	}
}

func TestCompileSeccompErrors(t *testing.T) {
	for _, c := range []struct {
		prof *specs.LinuxSeccomp
		want string
	}{
		{&specs.LinuxSeccomp{DefaultAction: specs.ActNotify}, "not supported"},
		{&specs.LinuxSeccomp{DefaultAction: "SCMP_ACT_BOGUS"}, "unknown action"},
		{&specs.LinuxSeccomp{DefaultAction: specs.ActAllow, Syscalls: []specs.LinuxSyscall{{Names: []string{"read"}, Action: specs.ActAllow,
			Args: []specs.LinuxSeccompArg{{Index: 6, Op: specs.OpEqualTo}}}}}, "out of range"},
		{&specs.LinuxSeccomp{DefaultAction: specs.ActAllow, Syscalls: []specs.LinuxSyscall{{Names: []string{"read"}, Action: specs.ActAllow,
			Args: []specs.LinuxSeccompArg{{Index: 0, Op: "SCMP_CMP_WHAT"}}}}}, "unknown operator"},
		{&specs.LinuxSeccomp{DefaultAction: specs.ActErrno, DefaultErrnoRet: errnoPtr(1 << 17)}, "out of range"},
	} {
		_, _, err := CompileSeccomp(c.prof)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err = %v, want one saying %q", c.prof, err, c.want)
		}
	}
}

// TestDockerDefaultProfile compiles Docker's default profile and checks
// calls it is known to allow and refuse for a container without
// CAP_SYS_ADMIN.
func TestDockerDefaultProfile(t *testing.T) {
	for _, src := range []string{"default", "config.json"} {
		what := src
		if src == "config.json" {
			// The same profile reached through an OCI config.json.
			def, err := LoadSeccompProfile("default")
			if err != nil {
				t.Fatal(err)
			}
			spec := specs.Spec{Version: specs.Version, Linux: &specs.Linux{Seccomp: def}}
			b, _ := json.Marshal(spec)
			what = filepath.Join(t.TempDir(), "config.json")
			if err := os.WriteFile(what, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		prof, err := LoadSeccompProfile(what)
		if err != nil {
			t.Fatal(err)
		}
		prog, _, err := CompileSeccomp(prof)
		if err != nil {
			t.Fatal(err)
		}
		x86 := uint32(linux.AUDIT_ARCH_X86_64)
		eperm := uint32(kernel.SeccompRetErrno) | uint32(unix.EPERM)
		for _, c := range []struct {
			what string
			nr   uint32
			args []uint64
			want uint32
		}{
			{"read", unix.SYS_READ, nil, kernel.SeccompRetAllow},
			{"execve", unix.SYS_EXECVE, nil, kernel.SeccompRetAllow},
			{"clone (fork)", unix.SYS_CLONE, []uint64{uint64(unix.SIGCHLD)}, kernel.SeccompRetAllow},
			{"clone (CLONE_NEWUSER)", unix.SYS_CLONE, []uint64{unix.CLONE_NEWUSER}, eperm},
			{"unshare", unix.SYS_UNSHARE, []uint64{unix.CLONE_NEWUSER}, eperm},
			{"mount", unix.SYS_MOUNT, nil, eperm},
			{"keyctl", unix.SYS_KEYCTL, nil, eperm},
			{"clock_settime", unix.SYS_CLOCK_SETTIME, nil, eperm},
			{"clone3", unix.SYS_CLONE3, nil, kernel.SeccompRetErrno | uint32(unix.ENOSYS)},
			{"personality(0)", unix.SYS_PERSONALITY, []uint64{0}, kernel.SeccompRetAllow},
			{"personality(0x10)", unix.SYS_PERSONALITY, []uint64{0x10}, eperm},
		} {
			if got := eval(t, prog, x86, c.nr, c.args...); got != c.want {
				t.Errorf("%s: %s: got %#x, want %#x", src, c.what, got, c.want)
			}
		}
	}
}
