package syscalls

import (
	"encoding/binary"

	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
)

// Priorities and scheduling policies: recorded per thread and reported
// back; the host schedules every app thread alike.

func init() {
	reg("getpriority", Supported, "the nice value setpriority kept (returned as 20 - nice, as the raw syscall does)", sysGetpriority)
	reg("setpriority", Partial, "the nice value is kept and checked (CAP_SYS_NICE to lower it) but does not change scheduling", sysSetpriority)
	reg("sched_getscheduler", Supported, "", sysSchedGetscheduler)
	reg("sched_setscheduler", Partial, "SCHED_OTHER, SCHED_BATCH, SCHED_IDLE are kept (no effect on scheduling); SCHED_FIFO and SCHED_RR: EPERM", sysSchedSetscheduler)
	reg("sched_getparam", Supported, "priority 0 (no real-time policies)", sysSchedGetparam)
	reg("sched_setparam", Partial, "priority 0 only (no real-time policies)", sysSchedSetparam)
	reg("sched_get_priority_max", Supported, "", sysSchedGetPriorityMax)
	reg("sched_get_priority_min", Supported, "", sysSchedGetPriorityMin)
	reg("sched_rr_get_interval", Supported, "every policy husk runs is a fair one: a zero interval, as Linux 6.6+ (EEVDF) reports for them", sysSchedRRGetInterval)
}

// sysSchedRRGetInterval reports the target's round-robin quantum. Husk
// has no SCHED_RR threads, and Linux's EEVDF scheduler gives its fair
// policies a zero interval.
func sysSchedRRGetInterval(t *kernel.Task, a Args) (uintptr, error) {
	if _, err := schedTarget(t, a[0]); err != nil {
		return 0, err
	}
	if _, err := t.MM.CopyOut(a[1], make([]byte, 16)); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func sysGetpriority(t *kernel.Task, a Args) (uintptr, error) {
	targets, err := t.PriorityTargets(int(int32(a[0])), int(int32(a[1])))
	if err != nil {
		return 0, err
	}
	best := 19
	for _, o := range targets {
		best = min(best, o.Nice())
	}
	return uintptr(20 - best), nil
}

func sysSetpriority(t *kernel.Task, a Args) (uintptr, error) {
	targets, err := t.PriorityTargets(int(int32(a[0])), int(int32(a[1])))
	if err != nil {
		return 0, err
	}
	var last error
	for _, o := range targets {
		if err := t.SetNice(o, int(int32(a[2]))); err != nil {
			last = err
		}
	}
	return 0, last
}

// schedTarget is the thread a sched_* pid names (0: the caller).
// Errors: EINVAL (negative), ESRCH.
func schedTarget(t *kernel.Task, pid uintptr) (*kernel.Task, error) {
	if int32(pid) < 0 {
		return nil, unix.EINVAL
	}
	return affinityTarget(t, pid)
}

func sysSchedGetscheduler(t *kernel.Task, a Args) (uintptr, error) {
	o, err := schedTarget(t, a[0])
	if err != nil {
		return 0, err
	}
	return uintptr(o.SchedPolicy()), nil
}

// copyPrio reads a struct sched_param. Errors: EFAULT, EINVAL (NULL).
func copyPrio(t *kernel.Task, addr uintptr) (int, error) {
	if addr == 0 {
		return 0, unix.EINVAL
	}
	b := make([]byte, 4)
	if _, err := t.MM.CopyIn(addr, b); err != nil {
		return 0, unix.EFAULT
	}
	return int(int32(binary.LittleEndian.Uint32(b))), nil
}

func sysSchedSetscheduler(t *kernel.Task, a Args) (uintptr, error) {
	const resetOnFork = 0x40000000
	if int32(a[0]) < 0 {
		return 0, unix.EINVAL
	}
	prio, err := copyPrio(t, a[2])
	if err != nil {
		return 0, err
	}
	o, err := schedTarget(t, a[0])
	if err != nil {
		return 0, err
	}
	return 0, o.SetSchedPolicy(int(int32(a[1]))&^resetOnFork, prio)
}

func sysSchedGetparam(t *kernel.Task, a Args) (uintptr, error) {
	if a[1] == 0 {
		return 0, unix.EINVAL
	}
	if _, err := schedTarget(t, a[0]); err != nil {
		return 0, err
	}
	if _, err := t.MM.CopyOut(a[1], make([]byte, 4)); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func sysSchedSetparam(t *kernel.Task, a Args) (uintptr, error) {
	if int32(a[0]) < 0 {
		return 0, unix.EINVAL
	}
	prio, err := copyPrio(t, a[1])
	if err != nil {
		return 0, err
	}
	o, err := schedTarget(t, a[0])
	if err != nil {
		return 0, err
	}
	return 0, o.SetSchedPolicy(o.SchedPolicy(), prio)
}

func schedPrioRange(policy int) (lo, hi int, err error) {
	switch policy {
	case kernel.SchedOther, kernel.SchedBatch, kernel.SchedIdle:
		return 0, 0, nil
	case kernel.SchedFIFO, kernel.SchedRR:
		return 1, 99, nil
	}
	return 0, 0, unix.EINVAL
}

func sysSchedGetPriorityMax(t *kernel.Task, a Args) (uintptr, error) {
	_, hi, err := schedPrioRange(int(int32(a[0])))
	return uintptr(hi), err
}

func sysSchedGetPriorityMin(t *kernel.Task, a Args) (uintptr, error) {
	lo, _, err := schedPrioRange(int(int32(a[0])))
	return uintptr(lo), err
}
