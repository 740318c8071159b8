package kernel

import (
	"time"

	"golang.org/x/sys/unix"
)

// CPU interval timers: ITIMER_VIRTUAL counts the process's user time and
// sends SIGVTALRM, ITIMER_PROF its user and system time and sends SIGPROF,
// both as usage.go measures them. A timer is a wall-clock poll, set to
// fire no sooner than the CPU time left could run out with every thread
// busy, that checks the process's CPU time and fires or waits again.
// They live on the thread group's leader (Task.mu).

// Tick is the sandbox's scheduler tick (HZ 250): the resolution of the
// coarse clocks, and what Linux adds to a CPU timer's value so that it
// never fires early.
const Tick = 4 * time.Millisecond

// Which CPU timer.
const (
	ITimerVirtual = unix.ITIMER_VIRTUAL
	ITimerProf    = unix.ITIMER_PROF
)

type cpuTimer struct {
	expires  time.Duration // the process CPU time at which it fires; 0: disarmed
	interval time.Duration
	poll     *time.Timer
	gen      uint64 // bumped by every setting, so a stale poll does nothing
}

func cpuTimerIndex(which int) int { return which - ITimerVirtual }

// processCPU is the process's CPU time as which counts it.
func (t *Task) processCPU(which int) time.Duration {
	u := t.ProcessUsage()
	if which == ITimerVirtual {
		return u.User
	}
	return u.User + u.Sys
}

// SetCPUTimer arms (value > 0) or disarms ITIMER_VIRTUAL or ITIMER_PROF and
// returns the old setting (CPU time left, interval).
func (t *Task) SetCPUTimer(which int, value, interval time.Duration) (time.Duration, time.Duration) {
	now := t.processCPU(which)
	l := t.leader
	threads := l.liveThreads()
	l.mu.Lock()
	defer l.mu.Unlock()
	ct := &l.cpuTimers[cpuTimerIndex(which)]
	oldLeft, oldInt := ct.leftLocked(now), ct.interval
	if ct.poll != nil {
		ct.poll.Stop()
		ct.poll = nil
	}
	ct.gen++
	ct.interval, ct.expires = interval, 0
	if value > 0 {
		value += Tick
		ct.expires = now + value
		l.pollCPUTimerLocked(which, value, threads)
	}
	return oldLeft, oldInt
}

// CPUTimer returns the timer's CPU time left and interval.
func (t *Task) CPUTimer(which int) (time.Duration, time.Duration) {
	now := t.processCPU(which)
	l := t.leader
	l.mu.Lock()
	defer l.mu.Unlock()
	ct := &l.cpuTimers[cpuTimerIndex(which)]
	return ct.leftLocked(now), ct.interval
}

func (ct *cpuTimer) leftLocked(now time.Duration) time.Duration {
	if ct.expires == 0 {
		return 0
	}
	if left := ct.expires - now; left > 0 {
		return left
	}
	return time.Microsecond
}

// pollCPUTimerLocked schedules a check of leader l's timer when left CPU
// time could have passed with threads threads busy (l.mu held).
func (l *Task) pollCPUTimerLocked(which int, left time.Duration, threads int) {
	ct := &l.cpuTimers[cpuTimerIndex(which)]
	gen := ct.gen
	wait := left / time.Duration(max(1, threads))
	ct.poll = time.AfterFunc(max(wait, minPeriod), func() { l.checkCPUTimer(which, gen) })
}

// liveThreads counts the process's threads (a bound on how fast its CPU
// time grows).
func (l *Task) liveThreads() int {
	l.K.mu.Lock()
	defer l.K.mu.Unlock()
	return len(l.threads)
}

// checkCPUTimer fires the timer if the process used its CPU time, then
// rearms it with its interval, or polls again.
func (l *Task) checkCPUTimer(which int, gen uint64) {
	now := l.processCPU(which)
	l.mu.Lock()
	ct := &l.cpuTimers[cpuTimerIndex(which)]
	if ct.gen != gen || ct.expires == 0 || l.exiting {
		l.mu.Unlock()
		return
	}
	fire := now >= ct.expires
	if fire {
		if ct.interval > 0 {
			// Overruns are dropped, as Linux's itimers count none.
			for ct.expires <= now {
				ct.expires += max(ct.interval, minPeriod)
			}
		} else {
			ct.expires = 0
		}
	}
	if ct.expires != 0 {
		ct.poll = nil
		l.mu.Unlock()
		left := ct.expires - now
		// liveThreads takes Kernel.mu: not under l.mu.
		n := l.liveThreads()
		l.mu.Lock()
		if ct.gen == gen && ct.expires != 0 {
			l.pollCPUTimerLocked(which, left, n)
		}
	}
	l.mu.Unlock()
	if fire {
		sig := unix.SIGVTALRM
		if which == ITimerProf {
			sig = unix.SIGPROF
		}
		l.SignalTarget(sig).SendSignal(NewSigInfo(sig, SIKernel))
	}
}
