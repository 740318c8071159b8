package kernel

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// CPU affinity: husk runs every app thread on the sandbox's CPUs whatever
// the mask says (the host schedules the stubs); sched_setaffinity's mask is
// kept, checked and reported back, as the app expects.

// NumCPU is the number of CPUs the sandbox reports.
func NumCPU() int { return runtime.NumCPU() }

// Affinity returns t's CPU mask as sched_getaffinity lays it out, size bytes
// long.
func (t *Task) Affinity(size int) []byte {
	b := make([]byte, size)
	t.mu.Lock()
	aff := t.affinity
	t.mu.Unlock()
	if aff != nil {
		copy(b, aff)
		return b
	}
	for i := 0; i < NumCPU() && i/8 < size; i++ {
		b[i/8] |= 1 << (i % 8)
	}
	return b
}

// SetAffinity sets t's CPU mask. The CPUs of mask beyond the sandbox's are
// dropped. Errors: EINVAL (no CPU of the sandbox in mask).
func (t *Task) SetAffinity(mask []byte) error {
	n := NumCPU()
	keep := make([]byte, (n+7)/8)
	any := false
	for i := 0; i < n && i/8 < len(mask); i++ {
		if mask[i/8]&(1<<(i%8)) != 0 {
			keep[i/8] |= 1 << (i % 8)
			any = true
		}
	}
	if !any {
		return unix.EINVAL
	}
	t.mu.Lock()
	t.affinity = keep
	t.mu.Unlock()
	return nil
}

// Nice values and scheduling policies: kept per thread, inherited by new
// threads and processes, reported back; husk does not schedule by them (the
// host schedules every app thread alike).

// CapSysNice is CAP_SYS_NICE.
const CapSysNice = 23

// Scheduling policies.
const (
	SchedOther = 0
	SchedFIFO  = 1
	SchedRR    = 2
	SchedBatch = 3
	SchedIdle  = 5
)

// Nice returns t's nice value.
func (t *Task) Nice() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return int(t.nice)
}

// PriorityTargets returns the threads getpriority and setpriority name:
// which is PRIO_PROCESS (a thread; 0 the caller), PRIO_PGRP (every thread
// of a process group; 0 the caller's) or PRIO_USER (every thread of a
// real uid; 0 the caller's). Errors: EINVAL (which), ESRCH (none).
func (t *Task) PriorityTargets(which, who int) ([]*Task, error) {
	k := t.K
	if which == unix.PRIO_PROCESS {
		if who == 0 {
			return []*Task{t}, nil
		}
		if o := k.TaskByTID(int32(who)); o != nil {
			return []*Task{o}, nil
		}
		return nil, unix.ESRCH
	}
	if which != unix.PRIO_PGRP && which != unix.PRIO_USER {
		return nil, unix.EINVAL
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if who == 0 {
		if which == unix.PRIO_PGRP {
			who = int(t.pgid)
		} else {
			who = int(t.Creds.UID)
		}
	}
	var out []*Task
	for _, o := range k.tasks {
		l := o.leader
		if _, live := l.threads[o.TID]; !live || l.zombie {
			continue
		}
		if (which == unix.PRIO_PGRP && l.pgid == int32(who)) || (which == unix.PRIO_USER && o.Creds.UID == uint32(who)) {
			out = append(out, o)
		}
	}
	if len(out) == 0 {
		return nil, unix.ESRCH
	}
	return out, nil
}

// SetNice sets o's nice value (clamped to [-20, 19]) on behalf of t.
// Errors: EPERM (o is another user's), EACCES (lowering it without
// CAP_SYS_NICE).
func (t *Task) SetNice(o *Task, nice int) error {
	nice = max(-20, min(19, nice))
	if o.Creds.UID != t.Creds.EUID && o.Creds.EUID != t.Creds.EUID && !t.Creds.HasCap(CapSysNice) {
		return unix.EPERM
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if int32(nice) < o.nice && !t.Creds.HasCap(CapSysNice) {
		return unix.EACCES
	}
	o.nice = int32(nice)
	return nil
}

// SchedPolicy returns t's scheduling policy.
func (t *Task) SchedPolicy() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return int(t.policy)
}

// SetSchedPolicy sets t's policy with static priority prio. Errors: EINVAL
// (unknown policy, or a priority the policy does not take), EPERM (a
// real-time policy: husk cannot give one).
func (t *Task) SetSchedPolicy(policy, prio int) error {
	switch policy {
	case SchedOther, SchedBatch, SchedIdle:
		if prio != 0 {
			return unix.EINVAL
		}
	case SchedFIFO, SchedRR:
		if prio < 1 || prio > 99 {
			return unix.EINVAL
		}
		return unix.EPERM
	default:
		return unix.EINVAL
	}
	t.mu.Lock()
	t.policy = int32(policy)
	t.mu.Unlock()
	return nil
}
