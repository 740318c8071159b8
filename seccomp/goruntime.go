package seccomp

import (
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

// goThreadFlags are the clone flags the Go runtime uses for a new thread.
const goThreadFlags = unix.CLONE_VM | unix.CLONE_FS | unix.CLONE_FILES | unix.CLONE_SIGHAND |
	unix.CLONE_SYSVSEM | unix.CLONE_THREAD

// GoRuntime is what a static Go program (CGO_ENABLED=0) needs to keep
// running: memory, threads, signals, the scheduler's sleeps, and its timers,
// which wait in the netpoller (epoll_pwait). The runtime sets the netpoller
// up (epoll_create1, eventfd2, epoll_ctl) at its first timer: a process
// makes one before it installs a filter (see InitNetpoll). A program that
// registers fds with the netpoller (net.Conn, pollable os.Files) needs
// NetPoller too; one whose I/O is all blocking calls (the gofer) does not.
// Changing FD flags (FDFlags) is not the runtime's either.
var GoRuntime = []Rule{
	Allow(unix.SYS_FUTEX, "Go runtime: goroutine parking and thread wake-ups"),
	AllowArgs(unix.SYS_MMAP, "Go runtime: heap and stacks (never executable)", Any(), Any(), Masked(unix.PROT_EXEC, 0)),
	Allow(unix.SYS_MUNMAP, "Go runtime: heap and stacks"),
	Allow(unix.SYS_MADVISE, "Go runtime: returning memory to the host"),
	AllowArgs(unix.SYS_CLONE, "Go runtime: new threads", Eq(goThreadFlags|unix.CLONE_SETTLS)),
	AllowArgs(unix.SYS_CLONE, "Go runtime: new threads", Eq(goThreadFlags)),
	Allow(unix.SYS_EXIT, "Go runtime: thread exit"),
	Allow(unix.SYS_EXIT_GROUP, "process exit"),
	Allow(unix.SYS_RT_SIGACTION, "Go runtime: signal handlers"),
	Allow(unix.SYS_RT_SIGPROCMASK, "Go runtime: signal masks of new threads"),
	Allow(unix.SYS_RT_SIGRETURN, "Go runtime: return from its signal handlers"),
	Allow(unix.SYS_RESTART_SYSCALL, "the kernel restarting a sleep interrupted by a signal"),
	Allow(unix.SYS_SIGALTSTACK, "Go runtime: signal stacks of new threads"),
	Allow(unix.SYS_GETTID, "Go runtime: thread ids for preemption signals"),
	Allow(unix.SYS_GETPID, "Go runtime: preemption signals"),
	AllowArgs(unix.SYS_TGKILL, "Go runtime: preemption (SIGURG) and crash signals to its own threads", Any(), Any(), Eq(uintptr(unix.SIGURG))),
	AllowArgs(unix.SYS_TGKILL, "Go runtime: crash reports", Any(), Any(), Eq(uintptr(unix.SIGABRT))),
	Allow(unix.SYS_SCHED_YIELD, "Go runtime: spinning"),
	Allow(unix.SYS_NANOSLEEP, "Go runtime: usleep"),
	Allow(unix.SYS_CLOCK_GETTIME, "time (when the vDSO is not used)"),
	Allow(unix.SYS_EPOLL_PWAIT, "Go runtime: timers (and the netpoller) wait in epoll_pwait"),
	Allow(unix.SYS_READ, "reads of inherited and donated FDs"),
	Allow(unix.SYS_WRITE, "writes of inherited and donated FDs, logs to stderr"),
	Allow(unix.SYS_CLOSE, "closing FDs the process owns"),
	Allow(unix.SYS_FSTAT, "status of FDs the process holds"),
	Allow(unix.SYS_SENDMSG, "the gofer connection"),
	Allow(unix.SYS_RECVMSG, "the gofer connection (with donated FDs)"),
}

// CPUCount lets the Go runtime count the CPUs again after start-up, which
// it does to update GOMAXPROCS unless GOMAXPROCS was fixed (the gofer fixes
// it, see FixGOMAXPROCS, and goes without this rule).
var CPUCount = []Rule{
	Allow(unix.SYS_SCHED_GETAFFINITY, "Go runtime: CPU count"),
}

// Random is crypto/rand's source: getrandom(2). The Go runtime's own
// randomness is seeded once at start-up, before a filter is installed.
var Random = []Rule{
	Allow(unix.SYS_GETRANDOM, "crypto/rand: AT_RANDOM bytes and getrandom(2) for the app"),
}

// FixGOMAXPROCS sets GOMAXPROCS to the value it has, which marks it as set
// by the program: the runtime then never counts the CPUs again (no
// sched_getaffinity, whatever GODEBUG says), so a process may go without
// CPUCount.
func FixGOMAXPROCS() { runtime.GOMAXPROCS(runtime.GOMAXPROCS(0)) }

// NetPoller is what Go's netpoller needs to watch fds (net.Conn, pollable
// os.Files) once it is set up.
var NetPoller = []Rule{
	Allow(unix.SYS_EPOLL_CTL, "Go netpoller: registering and dropping fds"),
}

// FDFlags lets a process read and change FD flags (os.File and net.Conn
// use them).
var FDFlags = []Rule{
	AllowArgs(unix.SYS_FCNTL, "FD flags (F_GETFL, F_SETFL, F_GETFD, F_SETFD)", Any(), Eq(unix.F_GETFL)),
	AllowArgs(unix.SYS_FCNTL, "FD flags", Any(), Eq(unix.F_SETFL)),
	AllowArgs(unix.SYS_FCNTL, "FD flags", Any(), Eq(unix.F_GETFD)),
	AllowArgs(unix.SYS_FCNTL, "FD flags", Any(), Eq(unix.F_SETFD)),
}

// InitNetpoll makes the Go runtime set its netpoller up now (it does at its
// first timer), so that the calls that takes (epoll_create1, eventfd2,
// epoll_ctl) happen before a filter is installed, not when the garbage
// collector's scavenger first sleeps under it.
func InitNetpoll() { time.Sleep(time.Nanosecond) }
