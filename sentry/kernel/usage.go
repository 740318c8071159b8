package kernel

import (
	"sync"
	"sync/atomic"
	"time"
)

// CPU accounting for getrusage, wait4/waitid's rusage, times and the
// CPU-time clocks. A thread's user time is the time it spent in app code
// (from the platform's switch in to its trap), its system time the time
// the sentry spent serving its traps, both on the clock of the host thread
// that runs it: under host contention they count waiting for a CPU too.

// taskUsage is a thread's CPU time in nanoseconds. The exited and child
// counters are used on a thread group's leader only.
type taskUsage struct {
	// mu guards user and inApp together, so that a reader sees app time
	// once: either still running (inApp) or charged.
	mu                    sync.Mutex
	user                  int64
	inApp                 time.Time // when the thread entered app code; zero outside
	sys                   atomic.Int64
	exitedUser, exitedSys atomic.Int64 // the group's threads that exited
	childUser, childSys   atomic.Int64 // reaped children, with what they reaped
	// blocked is the time the current trap spent waiting in Block (not CPU
	// time); chargeSys leaves it out.
	blocked atomic.Int64
}

// Usage is a pair of CPU times.
type Usage struct {
	User, Sys time.Duration
}

func (u *Usage) add(o Usage) { u.User += o.User; u.Sys += o.Sys }

// chargeUser and chargeSys add time since start to t.
func (t *Task) chargeUser(start time.Time) {
	t.usage.mu.Lock()
	t.usage.user += int64(time.Since(start))
	t.usage.inApp = time.Time{}
	t.usage.mu.Unlock()
	t.usage.blocked.Store(0)
}

// enterApp records that t runs app code from now.
func (t *Task) enterApp(now time.Time) {
	t.usage.mu.Lock()
	t.usage.inApp = now
	t.usage.mu.Unlock()
}

// userTime is t's user time, the app code it runs right now included.
func (t *Task) userTime() int64 {
	t.usage.mu.Lock()
	defer t.usage.mu.Unlock()
	u := t.usage.user
	if !t.usage.inApp.IsZero() {
		u += int64(time.Since(t.usage.inApp))
	}
	return u
}
func (t *Task) chargeSys(start time.Time) {
	d := int64(time.Since(start)) - t.usage.blocked.Swap(0)
	if d > 0 {
		t.usage.sys.Add(d)
	}
}

// blockedSince records time spent waiting since start.
func (t *Task) blockedSince(start time.Time) { t.usage.blocked.Add(int64(time.Since(start))) }

// ThreadUsage is t's own CPU time (RUSAGE_THREAD, CLOCK_THREAD_CPUTIME_ID).
func (t *Task) ThreadUsage() Usage {
	return Usage{time.Duration(t.userTime()), time.Duration(t.usage.sys.Load())}
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
		l.usage.exitedUser.Add(t.userTime())
		l.usage.exitedSys.Add(t.usage.sys.Load())
	}
}

// reapedLocked charges a reaped zombie c to t's process (Kernel.mu held).
func (t *Task) reapedLocked(c *Task) {
	u := c.exitUsageLocked()
	l := t.leader
	l.usage.childUser.Add(int64(u.User))
	l.usage.childSys.Add(int64(u.Sys))
}
