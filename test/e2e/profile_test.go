package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"unsafe"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
	"gvisor.dev/gvisor/pkg/abi/linux"

	huskrt "husk/runtime"
)

// profileProbe makes calls Docker's default profile decides, harmless ones
// when allowed (bad arguments), and prints what each returned.
const profileProbe = `#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
static const char *en(long r) {
  if (r != -1) return "ok";
  switch (errno) {
  case EPERM: return "EPERM"; case ENOSYS: return "ENOSYS"; case EINVAL: return "EINVAL";
  case EFAULT: return "EFAULT"; case ENOENT: return "ENOENT"; case EBADF: return "EBADF";
  default: return "other";
  }
}
int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("getpid %s\n", en(getpid() > 0 ? 0 : -1));
  printf("unshare(CLONE_NEWUSER) %s\n", en(syscall(SYS_unshare, CLONE_NEWUSER)));
  printf("keyctl %s\n", en(syscall(SYS_keyctl, -1L, 0, 0, 0, 0)));
  printf("clock_settime(-1) %s\n", en(syscall(SYS_clock_settime, -1, NULL)));
  printf("mount(bad) %s\n", en(syscall(SYS_mount, NULL, NULL, NULL, 0, NULL)));
  printf("reboot(bad magic) %s\n", en(syscall(SYS_reboot, 0, 0, 0, NULL)));
  printf("clone3(NULL) %s\n", en(syscall(SYS_clone3, NULL, 0)));
  printf("personality(query) %s\n", en(syscall(SYS_personality, 0xffffffffUL) == -1 ? -1 : 0));
  pid_t c = fork();
  if (c == 0) _exit(7);
  int st = 0;
  waitpid(c, &st, 0);
  printf("fork+wait %s %d\n", en(c), WEXITSTATUS(st));
  return 0;
}
`

// TestMain lets the test binary act as the native reference: with
// HUSK_E2E_SECCOMP_EXEC=FILTER it installs the compiled filter (JSON of BPF
// instructions) with the host kernel's seccomp(2) and execs its arguments.
func TestMain(m *testing.M) {
	if f := os.Getenv("HUSK_E2E_SECCOMP_EXEC"); f != "" {
		os.Exit(seccompExec(f, os.Args[1:]))
	}
	os.Exit(m.Run())
}

func seccompExec(file string, argv []string) int {
	runtime.LockOSThread()
	b, err := os.ReadFile(file)
	if err != nil {
		os.Stderr.WriteString("seccomp-exec: " + err.Error() + "\n")
		return 125
	}
	var prog []linux.BPFInstruction
	if err := json.Unmarshal(b, &prog); err != nil || len(prog) == 0 {
		os.Stderr.WriteString("seccomp-exec: bad filter file\n")
		return 125
	}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		os.Stderr.WriteString("seccomp-exec: no_new_privs: " + err.Error() + "\n")
		return 125
	}
	fprog := unix.SockFprog{Len: uint16(len(prog)), Filter: (*unix.SockFilter)(unsafe.Pointer(&prog[0]))}
	if _, _, e := unix.RawSyscall(unix.SYS_SECCOMP, linux.SECCOMP_SET_MODE_FILTER, linux.SECCOMP_FILTER_FLAG_TSYNC, uintptr(unsafe.Pointer(&fprog))); e != 0 {
		os.Stderr.WriteString("seccomp-exec: seccomp: " + e.Error() + "\n")
		return 125
	}
	err = syscall.Exec(argv[0], argv, os.Environ())
	os.Stderr.WriteString("seccomp-exec: exec: " + err.Error() + "\n")
	return 125
}

// TestSeccompProfileMatchesKernel runs a probe under Docker's default
// profile twice: natively, with the compiled filter enforced by the host
// kernel, and in husk with `--seccomp` (from a config.json), where the
// sentry enforces it. The outputs must be equal, and the profile must have
// refused what Docker's default refuses.
func TestSeccompProfileMatchesKernel(t *testing.T) {
	dir := t.TempDir()
	probe := buildC(t, dir, "probe", profileProbe, true)
	def, err := huskrt.LoadSeccompProfile("default")
	if err != nil {
		t.Fatal(err)
	}
	prog, _, err := huskrt.CompileSeccomp(def)
	if err != nil {
		t.Fatal(err)
	}
	filter := filepath.Join(dir, "filter.json")
	b, _ := json.Marshal(prog)
	if err := os.WriteFile(filter, b, 0o644); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "config.json")
	b, _ = json.Marshal(specs.Spec{Version: specs.Version, Linux: &specs.Linux{Seccomp: def}})
	if err := os.WriteFile(config, b, 0o644); err != nil {
		t.Fatal(err)
	}

	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	native := runEnv(t, []string{"HUSK_E2E_SECCOMP_EXEC=" + filter}, self, probe)
	if native.code != 0 {
		t.Fatalf("native run under the filter: exit %d\n%s%s", native.code, native.stdout, native.stderr)
	}
	want := "getpid ok\nunshare(CLONE_NEWUSER) EPERM\nkeyctl EPERM\nclock_settime(-1) EPERM\nmount(bad) EPERM\n" +
		"reboot(bad magic) EPERM\nclone3(NULL) ENOSYS\npersonality(query) ok\nfork+wait ok 7\n"
	if native.stdout != want {
		t.Fatalf("native run under Docker's default profile:\n%s\nwant:\n%s", native.stdout, want)
	}
	in := husk(t, "do", "--seccomp", config, "--", probe)
	if in.code != 0 || in.stdout != native.stdout {
		t.Errorf("husk do --seccomp config.json: exit %d, stdout:\n%s\nwant (native, same filter):\n%s\nstderr:\n%s", in.code, in.stdout, native.stdout, in.stderr)
	}
	// Without a profile the same calls reach the sentry's own handlers.
	free := husk(t, "do", "--", probe)
	if free.stdout == native.stdout {
		t.Errorf("husk do without --seccomp printed the filtered output; the profile made no difference:\n%s", free.stdout)
	}
}

// runEnv is run with extra environment variables.
func runEnv(t *testing.T, env []string, argv ...string) result {
	t.Helper()
	old := fixedEnv
	fixedEnv = append(append([]string{}, fixedEnv...), env...)
	defer func() { fixedEnv = old }()
	return run(t, "", argv...)
}
