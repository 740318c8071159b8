package boot

import (
	"golang.org/x/sys/unix"

	"husk/platform/ptrace"
	"husk/platform/systrap"
	"husk/seccomp"
)

// sentryCalls are the sentry's own host calls beyond the Go runtime's: data
// of donated files, the memory file, the app's stdio terminal queries.
var sentryCalls = []seccomp.Rule{
	seccomp.Allow(unix.SYS_PREAD64, "file data through donated FDs"),
	seccomp.Allow(unix.SYS_LSEEK, "lseek on the app's stdio when it is a host file"),
	seccomp.Allow(unix.SYS_PWRITE64, "file data through donated FDs"),
	seccomp.AllowArgs(unix.SYS_FALLOCATE, "freeing memory-file pages (PUNCH_HOLE|KEEP_SIZE)",
		seccomp.Any(), seccomp.Eq(unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE)),
	seccomp.AllowArgs(unix.SYS_IOCTL, "TCGETS on the app's stdio (isatty)", seccomp.Any(), seccomp.Eq(unix.TCGETS)),
	seccomp.Allow(unix.SYS_PPOLL, "readiness of the app's stdio (host FDs the sentry holds), zero timeout"),
	seccomp.AllowArgs(unix.SYS_IOCTL, "TIOCGWINSZ on the app's stdio", seccomp.Any(), seccomp.Eq(unix.TIOCGWINSZ)),
}

// HostCalls is the sentry's allowlist for the named platform (as its Name
// says: ptrace or systrap; auto lists ptrace's), with the memory file at
// memfd (ptrace.MemoryFileFD when printing the list).
func HostCalls(platform string, memfd int) []seccomp.Rule {
	if platform == "systrap" {
		return seccomp.Merge(seccomp.GoRuntime, sentryCalls, systrap.HostCalls())
	}
	return seccomp.Merge(seccomp.GoRuntime, sentryCalls, ptrace.HostCalls(memfd))
}
