package kernel

import (
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"husk/platform"
)

// CPU accounting for getrusage, wait4/waitid's rusage, times, the
// CPU-time clocks and the CPU interval timers. A thread's user time is the
// CPU time its app code used, as the platform's address spaces measure it
// (platform.CPUClock: ptrace reads each stub's CPU clock); its system time
// is the CPU time of the host thread that serves it (every task runs on a
// host thread of its own), read from that thread's CPU clock. Both are read
// when asked for, so the hot path pays nothing; what a thread used in an
// address space it left (execve) or on a host thread that ended is kept.

// taskUsage is a thread's CPU time. The exited and child counters are used
// on a thread group's leader only.
type taskUsage struct {
	mu       sync.Mutex
	hostTID  int                   // the host thread that runs the task; 0 before Run and after exit
	as       platform.AddressSpace // where the task runs app code now
	userDone time.Duration         // app CPU time in address spaces it left
	sysDone  time.Duration         // the host thread's CPU time, once it is gone

	exitedUser, exitedSys atomic.Int64 // the group's threads that exited
	childUser, childSys   atomic.Int64 // reaped children, with what they reaped
}

// Usage is a pair of CPU times.
type Usage struct {
	User, Sys time.Duration
}

func (u *Usage) add(o Usage) { u.User += o.User; u.Sys += o.Sys }

// appCPU is the CPU time app code used in as (0 if the platform cannot
// tell).
func appCPU(as platform.AddressSpace) time.Duration {
	if c, ok := as.(platform.CPUClock); ok {
		return c.CPUTime()
	}
	return 0
}

// threadCPU is the CPU time of host thread tid (of the sentry).
func threadCPU(tid int) time.Duration {
	var ts unix.Timespec
	// A thread's CPU clock id: MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED).
	if unix.ClockGettime(int32(^uint32(tid)<<3|6), &ts) != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

// startUsage records the host thread running t and its address space
// (Run, on t's own locked host thread).
func (t *Task) startUsage(as platform.AddressSpace) {
	t.usage.mu.Lock()
	t.usage.hostTID, t.usage.as = unix.Gettid(), as
	t.usage.mu.Unlock()
}

// switchUsage moves t to a new address space (execve), keeping what app
// code used in the old one, which is about to be released.
func (t *Task) switchUsage(as platform.AddressSpace) {
	t.usage.mu.Lock()
	if t.usage.as != nil {
		t.usage.userDone += appCPU(t.usage.as)
	}
	t.usage.as = as
	t.usage.mu.Unlock()
}

// stopUsage keeps t's final CPU times: its host thread and address space
// are about to go (thread exit, on t's host thread).
func (t *Task) stopUsage() {
	t.usage.mu.Lock()
	defer t.usage.mu.Unlock()
	if t.usage.as != nil {
		t.usage.userDone += appCPU(t.usage.as)
		t.usage.as = nil
	}
	if t.usage.hostTID != 0 {
		t.usage.sysDone = threadCPU(t.usage.hostTID)
		t.usage.hostTID = 0
	}
}

// ThreadUsage is t's own CPU time (RUSAGE_THREAD, CLOCK_THREAD_CPUTIME_ID).
func (t *Task) ThreadUsage() Usage {
	t.usage.mu.Lock()
	defer t.usage.mu.Unlock()
	u := Usage{User: t.usage.userDone, Sys: t.usage.sysDone}
	if t.usage.as != nil {
		u.User += appCPU(t.usage.as)
	}
	if t.usage.hostTID != 0 {
		u.Sys = threadCPU(t.usage.hostTID)
	}
	return u
}

// groupUsageLocked is the CPU time of t's whole thread group, live and
// exited threads (Kernel.mu held).
func (t *Task) groupUsageLocked() Usage {
	l := t.leader
	u := l.ThreadUsage()
	u.add(Usage{time.Duration(l.usage.exitedUser.Load()), time.Duration(l.usage.exitedSys.Load())})
	for _, th := range l.threads {
		if th != l {
			u.add(th.ThreadUsage())
		}
	}
	return u
}

// childrenUsage is what t's process collected from the children it reaped.
func (t *Task) childrenUsage() Usage {
	l := t.leader
	return Usage{time.Duration(l.usage.childUser.Load()), time.Duration(l.usage.childSys.Load())}
}

// ProcessUsage is RUSAGE_SELF (and CLOCK_PROCESS_CPUTIME_ID).
func (t *Task) ProcessUsage() Usage {
	t.K.mu.Lock()
	defer t.K.mu.Unlock()
	return t.groupUsageLocked()
}

// ChildrenUsage is RUSAGE_CHILDREN: the reaped children and their reaped
// descendants.
func (t *Task) ChildrenUsage() Usage { return t.childrenUsage() }

// ExitUsage is what wait reports for a zombie c: its group's time and its
// own children's.
func (c *Task) ExitUsage() Usage {
	c.K.mu.Lock()
	defer c.K.mu.Unlock()
	return c.exitUsageLocked()
}

func (c *Task) exitUsageLocked() Usage {
	u := c.groupUsageLocked()
	u.add(c.childrenUsage())
	return u
}

// threadUsageExited folds an exiting thread's time into its leader (the
// thread is about to leave the group's threads).
func (t *Task) threadUsageExited() {
	if l := t.leader; l != t {
		u := t.ThreadUsage()
		l.usage.exitedUser.Add(int64(u.User))
		l.usage.exitedSys.Add(int64(u.Sys))
	}
}

// reapedLocked charges a reaped zombie c to t's process (Kernel.mu held).
func (t *Task) reapedLocked(c *Task) {
	u := c.exitUsageLocked()
	l := t.leader
	l.usage.childUser.Add(int64(u.User))
	l.usage.childSys.Add(int64(u.Sys))
}
