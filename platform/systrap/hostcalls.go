package systrap

import (
	"golang.org/x/sys/unix"

	"husk/seccomp"
)

// HostCalls are the host calls the systrap platform makes in the sentry once
// its filter is in place. Everything else (the context file, the stub area,
// forking and tracing the master stub) happens in New, before the filter;
// stubs are cloned by the master, and the stubs and the master carry their
// own filter (or none, for the master), not this list.
func HostCalls() []seccomp.Rule {
	return []seccomp.Rule{
		seccomp.Allow(sysFutexWaitv, "waiting for a stub's trap or its death (its handshake and death words); futex(2) wakes it"),
		seccomp.AllowArgs(unix.SYS_KILL, "killing a released or misbehaving stub", seccomp.Any(), seccomp.Eq(uintptr(unix.SIGKILL))),
		seccomp.Allow(unix.SYS_SCHED_SETAFFINITY, "keeping a stub on its sentry thread's CPU (local wake-ups)"),
		seccomp.Allow(unix.SYS_GETCPU, "keeping a stub on its sentry thread's CPU"),
		seccomp.AllowArgs(unix.SYS_TGKILL, "interrupting a running stub", seccomp.Any(), seccomp.Any(), seccomp.Eq(uintptr(sigInterrupt))),
	}
}

// HostCalls implements the platform's part of the sentry's allowlist.
func (p *Platform) HostCalls() []seccomp.Rule { return HostCalls() }
