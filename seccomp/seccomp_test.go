package seccomp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
	"gvisor.dev/gvisor/pkg/abi/linux"
	"gvisor.dev/gvisor/pkg/bpf"
	gseccomp "gvisor.dev/gvisor/pkg/seccomp"
)

// verdict runs the compiled filter on one call in gVisor's BPF interpreter.
func verdict(t *testing.T, rules []Rule, nr uintptr, args ...uintptr) linux.BPFAction {
	t.Helper()
	instrs, _, err := program(rules).Build()
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	prog, err := bpf.Compile(instrs, true)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	data := make([]byte, 64)
	binary.LittleEndian.PutUint32(data[0:], uint32(nr))
	binary.LittleEndian.PutUint32(data[4:], linux.AUDIT_ARCH_X86_64)
	for i, a := range args {
		binary.LittleEndian.PutUint64(data[16+8*i:], uint64(a))
	}
	ret, err := bpf.Exec[bpf.NativeEndian](prog, bpf.Input(data))
	if err != nil {
		t.Fatalf("exec: %v", err)
	}
	return linux.BPFAction(ret)
}

func TestArgAlternatives(t *testing.T) {
	rules := Merge(GoRuntime, FDFlags, []Rule{AllowArgs(unix.SYS_CLONE, "fork", Eq(uintptr(unix.SIGCHLD)))})
	for _, c := range []struct {
		nr    uintptr
		args  []uintptr
		allow bool
	}{
		{unix.SYS_CLONE, []uintptr{goThreadFlags | unix.CLONE_SETTLS}, true},
		{unix.SYS_CLONE, []uintptr{uintptr(unix.SIGCHLD)}, true},
		{unix.SYS_CLONE, []uintptr{goThreadFlags | unix.CLONE_NEWUSER}, false},
		{unix.SYS_OPENAT, []uintptr{0, 0, 0}, false},
		{unix.SYS_FCNTL, []uintptr{3, unix.F_GETFL}, true},
		{unix.SYS_FCNTL, []uintptr{3, unix.F_SETLK}, false},
		{unix.SYS_READ, nil, true},
	} {
		got := verdict(t, rules, c.nr, c.args...)
		if (got == linux.SECCOMP_RET_ALLOW) != c.allow {
			t.Errorf("syscall %d %#x: verdict %#x, want allow=%v", c.nr, c.args, uint32(got), c.allow)
		}
	}
}

// TestInstallVictim installs the Go runtime list in a child process (this
// test binary re-run) and checks that threads still start and that a call
// off the list kills the process.
func TestInstallVictim(t *testing.T) {
	if os.Getenv("HUSK_SECCOMP_VICTIM") != "" {
		victim()
		return
	}
	for _, mode := range []string{"threads", "forbidden"} {
		cmd := exec.Command(os.Args[0], "-test.run=TestInstallVictim$")
		cmd.Env = append(os.Environ(), "HUSK_SECCOMP_VICTIM="+mode)
		out, err := cmd.CombinedOutput()
		switch mode {
		case "threads":
			if err != nil || !strings.Contains(string(out), "threads ok") {
				t.Errorf("threads under the filter: %v\n%s", err, out)
			}
		case "forbidden":
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGSYS {
				t.Errorf("a call off the list: %v, want death by SIGSYS\n%s", err, out)
			}
		}
	}
}

func victim() {
	if os.Getenv("HUSK_SECCOMP_TRAP") != "" {
		defaultAction = gseccomp.Trap
	}
	// Like the sentry and the gofer, set the netpoller up before the filter.
	r, w, _ := os.Pipe()
	r.SetReadDeadline(time.Now().Add(time.Millisecond))
	r.Read(make([]byte, 1))
	w.Close()
	if err := Install(Merge(GoRuntime, NetPoller, FDFlags)); err != nil {
		fmt.Println("install:", err)
		os.Exit(3)
	}
	switch os.Getenv("HUSK_SECCOMP_VICTIM") {
	case "threads":
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				runtime.LockOSThread()
				time.Sleep(10 * time.Millisecond)
			}()
		}
		wg.Wait()
		fmt.Println("threads ok")
		os.Exit(0)
	case "forbidden":
		unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
		fmt.Println("socket survived")
		os.Exit(0)
	}
}
