package boot

import (
	"golang.org/x/sys/unix"

	"husk/platform/ptrace"
	"husk/platform/systrap"
	"husk/seccomp"
)

// sentryCalls are the sentry's own host calls beyond the Go runtime's: data
// of donated files (and their size and syncs), the memory file, the app's
// stdio terminal queries.
var sentryCalls = []seccomp.Rule{
	seccomp.Allow(unix.SYS_PREAD64, "file data through donated FDs"),
	seccomp.Allow(unix.SYS_LSEEK, "lseek on the app's stdio when it is a host file"),
	seccomp.Allow(unix.SYS_PWRITE64, "file data through donated FDs"),
	seccomp.Allow(unix.SYS_FTRUNCATE, "truncate, ftruncate and O_TRUNC on files of writable mounts, through their donated FDs"),
	seccomp.Allow(unix.SYS_FSYNC, "fsync of files and directories of gofer mounts through their donated FDs, and of the app's stdio when a host file"),
	seccomp.Allow(unix.SYS_FDATASYNC, "fdatasync of files of writable mounts, through their donated FDs"),
	seccomp.Allow(unix.SYS_SYNCFS, "syncfs of the host filesystem under a donated FD"),
	seccomp.AllowArgs(unix.SYS_FALLOCATE, "freeing memory-file pages, and the app's fallocate PUNCH_HOLE on donated FDs (PUNCH_HOLE|KEEP_SIZE)",
		seccomp.Any(), seccomp.Eq(unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE)),
	seccomp.AllowArgs(unix.SYS_FALLOCATE, "the app's fallocate (mode 0) on donated FDs of writable mounts",
		seccomp.Any(), seccomp.Eq(0)),
	seccomp.AllowArgs(unix.SYS_FALLOCATE, "the app's fallocate KEEP_SIZE on donated FDs of writable mounts",
		seccomp.Any(), seccomp.Eq(unix.FALLOC_FL_KEEP_SIZE)),
	seccomp.AllowArgs(unix.SYS_IOCTL, "TCGETS on the app's stdio (isatty)", seccomp.Any(), seccomp.Eq(unix.TCGETS)),
	seccomp.Allow(unix.SYS_PPOLL, "readiness of the app's stdio (host FDs the sentry holds), zero timeout"),
	seccomp.AllowArgs(unix.SYS_IOCTL, "TIOCGWINSZ on the app's stdio", seccomp.Any(), seccomp.Eq(unix.TIOCGWINSZ)),
}

// HostCalls is the sentry's allowlist for the named platform (as its Name
// says: ptrace or systrap; auto lists ptrace's), with the memory file at
// memfd (ptrace.MemoryFileFD when printing the list).
func HostCalls(platform string, memfd int) []seccomp.Rule {
	base := seccomp.Merge(seccomp.GoRuntime, seccomp.CPUCount, seccomp.Random, seccomp.NetPoller, seccomp.FDFlags, sentryCalls)
	if platform == "systrap" {
		return seccomp.Merge(base, systrap.HostCalls())
	}
	return seccomp.Merge(base, ptrace.HostCalls(memfd))
}
