package ptrace

import (
	"golang.org/x/sys/unix"

	"husk/seccomp"
)

// MemoryFileFD stands for the memory file's descriptor in a list printed
// without a running sandbox.
const MemoryFileFD = -1

// HostCalls are the host calls the ptrace platform makes, in the sentry and
// (because a stub is a fork of the sentry and keeps its filter) in the stubs
// while they are stripped and when mappings are injected. memfd is the memory
// file's descriptor: only it may be mapped executable.
func HostCalls(memfd int) []seccomp.Rule {
	return []seccomp.Rule{
		{Sysno: unix.SYS_MMAP, Reason: "sentry: never executable; in a stub: the memory file, shared and fixed (app code included)",
			Args: [][]seccomp.Arg{
				{seccomp.Any(), seccomp.Any(), seccomp.Masked(unix.PROT_EXEC, 0)},
				{seccomp.Any(), seccomp.Any(), seccomp.Any(), seccomp.Eq(unix.MAP_SHARED | unix.MAP_FIXED), seccomp.Eq(uintptr(memfd))},
			}},
		seccomp.Allow(unix.SYS_PTRACE, "tracing the stubs (and PTRACE_TRACEME in a new stub)"),
		seccomp.Allow(unix.SYS_WAIT4, "waiting for stub stops"),
		seccomp.AllowArgs(unix.SYS_CLONE, "forking a stub (plain fork with SIGCHLD)", seccomp.Eq(uintptr(unix.SIGCHLD))),
		seccomp.AllowArgs(unix.SYS_KILL, "killing a stub; a new stub stops itself", seccomp.Any(), seccomp.Eq(uintptr(unix.SIGKILL))),
		seccomp.AllowArgs(unix.SYS_KILL, "a new stub stops itself", seccomp.Any(), seccomp.Eq(uintptr(unix.SIGSTOP))),
		seccomp.AllowArgs(unix.SYS_TGKILL, "interrupting a running stub", seccomp.Any(), seccomp.Any(), seccomp.Eq(uintptr(unix.SIGSTOP))),
		seccomp.Allow(unix.SYS_SCHED_SETAFFINITY, "keeping a stub on its tracer's CPU"),
		seccomp.Allow(unix.SYS_GETCPU, "keeping a stub on its tracer's CPU"),
		seccomp.Allow(unix.SYS_MUNMAP, "in a stub: unmapping"),
		seccomp.AllowArgs(unix.SYS_PRCTL, "in a new stub: PR_SET_PDEATHSIG", seccomp.Eq(unix.PR_SET_PDEATHSIG)),
		seccomp.Allow(unix.SYS_CLOSE_RANGE, "in a new stub: closing the sentry's FDs"),
		seccomp.Allow(unix.SYS_RSEQ, "in a new stub: unregistering an inherited rseq area"),
		seccomp.Allow(unix.SYS_EXIT_GROUP, "a stub that cannot be traced exits"),
	}
}

// HostCalls implements the platform's part of the sentry's allowlist.
func (p *Platform) HostCalls() []seccomp.Rule { return HostCalls(p.memfd) }
