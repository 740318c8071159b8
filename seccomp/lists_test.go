package seccomp_test

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"husk/gofer"
	"husk/seccomp"
	"husk/sentry/boot"
)

var lists = map[string][]seccomp.Rule{
	"sentry/ptrace":  boot.HostCalls("ptrace", 7),
	"sentry/systrap": boot.HostCalls("systrap", 7),
	"gofer":          gofer.HostCalls,
}

// The budgets of issue 6: at most 55 distinct host syscalls for the sentry
// and 40 for the gofer.
func TestListSizes(t *testing.T) {
	for _, name := range []string{"sentry/ptrace", "sentry/systrap"} {
		if n := seccomp.Count(lists[name]); n > 55 {
			t.Errorf("%s allows %d syscalls, budget 55", name, n)
		}
	}
	if n := seccomp.Count(lists["gofer"]); n > 40 {
		t.Errorf("gofer allows %d syscalls, budget 40", n)
	}
}

// Every rule allows what it names, with each of its argument alternatives,
// and calls the lists must never allow are refused.
func TestEveryRuleAllowsAndTheRestIsRefused(t *testing.T) {
	for name, rules := range lists {
		for _, r := range seccomp.Merge(rules) {
			alts := len(r.Args)
			if alts == 0 {
				alts = 1
			}
			for i := 0; i < alts; i++ {
				ok, err := seccomp.Allows(rules, r.Sysno, r.Example(i)...)
				if err != nil || !ok {
					t.Errorf("%s: syscall %d alternative %d %#x not allowed (%v)", name, r.Sysno, i, r.Example(i), err)
				}
			}
		}
		for _, nr := range []uintptr{unix.SYS_EXECVE, unix.SYS_EXECVEAT, unix.SYS_SOCKET, unix.SYS_CONNECT,
			unix.SYS_MOUNT, unix.SYS_PIVOT_ROOT, unix.SYS_UNSHARE, unix.SYS_SETNS, unix.SYS_BPF, unix.SYS_KEXEC_LOAD,
			unix.SYS_INIT_MODULE, unix.SYS_PERF_EVENT_OPEN, unix.SYS_USERFAULTFD, unix.SYS_IO_URING_SETUP, unix.SYS_CLONE3} {
			if ok, _ := seccomp.Allows(rules, nr); ok {
				t.Errorf("%s allows syscall %d", name, nr)
			}
		}
		// Thread clones are allowed; a clone into new namespaces is not.
		if ok, _ := seccomp.Allows(rules, unix.SYS_CLONE, unix.CLONE_NEWUSER|uintptr(unix.SIGCHLD)); ok {
			t.Errorf("%s allows clone(CLONE_NEWUSER)", name)
		}
	}
	// The sentry opens nothing after boot; the gofer does, under held directory FDs.
	if ok, _ := seccomp.Allows(lists["sentry/ptrace"], unix.SYS_OPENAT); ok {
		t.Errorf("sentry allows openat")
	}
	if ok, _ := seccomp.Allows(lists["sentry/ptrace"], unix.SYS_OPEN); ok {
		t.Errorf("sentry allows open")
	}
	// The gofer moves only its own thread, and has no use for crypto/rand
	// or for counting CPUs (it fixes GOMAXPROCS).
	g := lists["gofer"]
	if ok, _ := seccomp.Allows(g, unix.SYS_SCHED_SETAFFINITY, 0, 128, 0); !ok {
		t.Errorf("gofer refuses sched_setaffinity of itself")
	}
	if ok, _ := seccomp.Allows(g, unix.SYS_SCHED_SETAFFINITY, 1, 128, 0); ok {
		t.Errorf("gofer allows sched_setaffinity of another thread")
	}
	for _, nr := range []uintptr{unix.SYS_SCHED_GETAFFINITY, unix.SYS_GETRANDOM} {
		if ok, _ := seccomp.Allows(g, nr); ok {
			t.Errorf("gofer allows syscall %d", nr)
		}
	}
	// Executable memory only from the memory file (fd 7 here), shared and fixed.
	rwx := uintptr(unix.PROT_READ | unix.PROT_WRITE | unix.PROT_EXEC)
	if ok, _ := seccomp.Allows(lists["sentry/ptrace"], unix.SYS_MMAP, 0, 4096, rwx, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS, ^uintptr(0)); ok {
		t.Errorf("sentry allows anonymous executable mmap")
	}
	if ok, _ := seccomp.Allows(lists["sentry/ptrace"], unix.SYS_MMAP, 0x400000, 4096, rwx, unix.MAP_SHARED|unix.MAP_FIXED, 8); ok {
		t.Errorf("sentry allows executable mmap of an fd other than the memory file")
	}
	if ok, _ := seccomp.Allows(lists["sentry/ptrace"], unix.SYS_MMAP, 0x400000, 4096, rwx, unix.MAP_SHARED|unix.MAP_FIXED, 7); !ok {
		t.Errorf("sentry refuses executable mmap of the memory file")
	}
	if ok, _ := seccomp.Allows(lists["sentry/ptrace"], unix.SYS_MPROTECT, 0, 4096, rwx); ok {
		t.Errorf("sentry allows mprotect")
	}
	if ok, _ := seccomp.Allows(lists["sentry/ptrace"], unix.SYS_IOCTL, 0, unix.TIOCSTI); ok {
		t.Errorf("sentry allows ioctl(TIOCSTI)")
	}
	// On systrap the sentry never maps anything executable, forks, traces
	// or signals other than SIGKILL and the stub interrupt after boot.
	st := lists["sentry/systrap"]
	if ok, _ := seccomp.Allows(st, unix.SYS_MMAP, 0x400000, 4096, rwx, unix.MAP_SHARED|unix.MAP_FIXED, 7); ok {
		t.Errorf("sentry/systrap allows executable mmap")
	}
	for _, nr := range []uintptr{unix.SYS_PTRACE, unix.SYS_WAIT4, unix.SYS_MPROTECT, unix.SYS_SECCOMP} {
		if ok, _ := seccomp.Allows(st, nr); ok {
			t.Errorf("sentry/systrap allows syscall %d", nr)
		}
	}
	if ok, _ := seccomp.Allows(st, unix.SYS_CLONE, uintptr(unix.SIGCHLD)); ok {
		t.Errorf("sentry/systrap allows fork")
	}
	if ok, _ := seccomp.Allows(st, unix.SYS_KILL, 1, uintptr(unix.SIGTERM)); ok {
		t.Errorf("sentry/systrap allows kill(SIGTERM)")
	}
}

// A victim process installs each real list and makes one call off it: the
// kernel must kill it with SIGSYS. A second victim makes only allowed calls
// (threads, sleeps, writes) and must live.
func TestVictims(t *testing.T) {
	if v := os.Getenv("HUSK_SECCOMP_LIST_VICTIM"); v != "" {
		rules := lists[os.Getenv("HUSK_SECCOMP_LIST")]
		if err := seccomp.Install(rules); err != nil {
			os.Exit(3)
		}
		switch v {
		case "execve":
			unix.Exec("/bin/true", []string{"true"}, nil)
		case "socket":
			unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
		case "live":
			done := make(chan bool)
			go func() { os.Stdout.Write([]byte("alive\n")); done <- true }()
			<-done
		}
		os.Exit(0)
	}
	for name := range lists {
		for _, v := range []string{"execve", "socket", "live"} {
			cmd := exec.Command(os.Args[0], "-test.run=TestVictims$")
			cmd.Env = append(os.Environ(), "HUSK_SECCOMP_LIST_VICTIM="+v, "HUSK_SECCOMP_LIST="+name)
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			killed := errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGSYS
			if v == "live" {
				if err != nil || string(out) != "alive\n" {
					t.Errorf("%s: allowed calls only: %v %q", name, err, out)
				}
			} else if !killed {
				t.Errorf("%s: %s off the list: %v %q, want death by SIGSYS", name, v, err, out)
			}
		}
	}
}
