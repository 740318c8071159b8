package gofer

import (
	"golang.org/x/sys/unix"

	"husk/seccomp"
)

// HostCalls is the gofer's allowlist beyond the Go runtime's: one-component
// walks and opens under directory FDs it already holds (never a path from
// the root of the host), stats, listings, link targets, and the connection
// to the sentry.
var HostCalls = seccomp.Merge(seccomp.GoRuntime, []seccomp.Rule{
	seccomp.Allow(unix.SYS_OPENAT, "walking one component under a held directory FD (O_NOFOLLOW), reopening a file to donate it"),
	seccomp.Allow(unix.SYS_NEWFSTATAT, "stat of a walked component (AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW)"),
	seccomp.Allow(unix.SYS_GETDENTS64, "directory listings"),
	seccomp.Allow(unix.SYS_READLINKAT, "symlink targets"),
	seccomp.Allow(unix.SYS_FSTATFS, "statfs of the served tree"),
	seccomp.Allow(unix.SYS_FTRUNCATE, "O_TRUNC on a writable mount"),
})
