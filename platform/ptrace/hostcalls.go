package ptrace

import (
	"golang.org/x/sys/unix"

	"husk/seccomp"
)

// HostCalls are the host calls the ptrace platform makes, in the sentry and
// (because a stub is a fork of the sentry and keeps its filter) in the stubs
// while they are stripped and when mappings are injected.
var HostCalls = []seccomp.Rule{
	seccomp.Allow(unix.SYS_PTRACE, "tracing the stubs (and PTRACE_TRACEME in a new stub)"),
	seccomp.Allow(unix.SYS_WAIT4, "waiting for stub stops"),
	seccomp.AllowArgs(unix.SYS_CLONE, "forking a stub (plain fork with SIGCHLD)", seccomp.Eq(uintptr(unix.SIGCHLD))),
	seccomp.AllowArgs(unix.SYS_KILL, "killing a stub; a new stub stops itself", seccomp.Any(), seccomp.Eq(uintptr(unix.SIGKILL))),
	seccomp.AllowArgs(unix.SYS_KILL, "a new stub stops itself", seccomp.Any(), seccomp.Eq(uintptr(unix.SIGSTOP))),
	seccomp.AllowArgs(unix.SYS_TGKILL, "interrupting a running stub", seccomp.Any(), seccomp.Any(), seccomp.Eq(uintptr(unix.SIGSTOP))),
	seccomp.Allow(unix.SYS_SCHED_SETAFFINITY, "keeping a stub on its tracer's CPU"),
	seccomp.Allow(unix.SYS_GETCPU, "keeping a stub on its tracer's CPU"),
	seccomp.Allow(unix.SYS_MMAP, "in a stub: mapping the memory file"),
	seccomp.Allow(unix.SYS_MUNMAP, "in a stub: unmapping"),
	seccomp.AllowArgs(unix.SYS_PRCTL, "in a new stub: PR_SET_PDEATHSIG", seccomp.Eq(unix.PR_SET_PDEATHSIG)),
	seccomp.Allow(unix.SYS_CLOSE_RANGE, "in a new stub: closing the sentry's FDs"),
	seccomp.Allow(unix.SYS_RSEQ, "in a new stub: unregistering an inherited rseq area"),
	seccomp.Allow(unix.SYS_EXIT_GROUP, "a stub that cannot be traced exits"),
}
