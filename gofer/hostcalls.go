package gofer

import (
	"golang.org/x/sys/unix"

	"husk/seccomp"
)

// HostCalls is the gofer's allowlist beyond the Go runtime's (with no fd
// ever registered in the netpoller: the gofer's socket calls block on its
// serving thread, so no epoll_ctl; and no fcntl): one-
// component walks, opens and changes under directory FDs it already holds
// (never a path from the root of the host), stats, listings, link targets,
// and the connection to the sentry. Truncation and syncs of donated files
// are the sentry's (ftruncate, fsync, fdatasync on its list).
var HostCalls = seccomp.Merge(seccomp.GoRuntime, []seccomp.Rule{
	seccomp.Allow(unix.SYS_OPENAT, "walking one component under a held directory FD (O_NOFOLLOW), reopening a file to donate it, creating a file (O_CREAT|O_NOFOLLOW)"),
	seccomp.Allow(unix.SYS_GETDENTS64, "directory listings"),
	seccomp.Allow(unix.SYS_READLINKAT, "symlink targets"),
	seccomp.Allow(unix.SYS_FSTATFS, "statfs of the served tree"),
	seccomp.Allow(unix.SYS_MKDIRAT, "mkdir under a held directory FD"),
	seccomp.AllowArgs(unix.SYS_MKNODAT, "named pipes under a held directory FD (S_IFIFO only, device 0: never a device node)",
		seccomp.Any(), seccomp.Any(), seccomp.Masked(unix.S_IFMT, unix.S_IFIFO), seccomp.Eq(0)),
	seccomp.Allow(unix.SYS_SYMLINKAT, "symlink under a held directory FD"),
	seccomp.AllowArgs(unix.SYS_LINKAT, "hard link between held directory FDs, never following a symlink (flags 0)",
		seccomp.Any(), seccomp.Any(), seccomp.Any(), seccomp.Any(), seccomp.Eq(0)),
	seccomp.AllowArgs(unix.SYS_LINKAT, "naming an O_TMPFILE file by its own fd (AT_EMPTY_PATH)",
		seccomp.Any(), seccomp.Any(), seccomp.Any(), seccomp.Any(), seccomp.Eq(unix.AT_EMPTY_PATH)),
	seccomp.Allow(unix.SYS_DUP, "the donated copy of an O_TMPFILE file's fd (the gofer keeps the other to name the file by)"),
	seccomp.Allow(unix.SYS_UNLINKAT, "unlink and rmdir under a held directory FD"),
	seccomp.Allow(unix.SYS_RENAMEAT2, "rename between held directory FDs (RENAME_NOREPLACE, RENAME_EXCHANGE)"),
	seccomp.AllowArgs(unix.SYS_SCHED_SETAFFINITY, "keeping the serving thread on its caller's CPU (pid 0: itself only)", seccomp.Eq(0)),
	seccomp.Allow(unix.SYS_FCHMOD, "chmod through a reopened (and checked) FD of the file"),
	seccomp.AllowArgs(unix.SYS_FCHOWNAT, "chown of a held O_PATH FD itself (AT_EMPTY_PATH|AT_SYMLINK_NOFOLLOW)",
		seccomp.Any(), seccomp.Any(), seccomp.Any(), seccomp.Any(), seccomp.Eq(unix.AT_EMPTY_PATH|unix.AT_SYMLINK_NOFOLLOW)),
	seccomp.AllowArgs(unix.SYS_UTIMENSAT, "times of a held O_PATH FD itself (AT_EMPTY_PATH|AT_SYMLINK_NOFOLLOW)",
		seccomp.Any(), seccomp.Any(), seccomp.Any(), seccomp.Eq(unix.AT_EMPTY_PATH|unix.AT_SYMLINK_NOFOLLOW)),
})
