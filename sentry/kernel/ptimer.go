package kernel

import (
	"encoding/binary"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// POSIX timers (timer_create and friends), per process, firing a signal.

const (
	SigevSignal   = 0
	SigevNone     = 1
	SigevThreadID = 4
	siTimer       = -2
	maxTimers     = 1 << 12
)

// PosixTimer is one timer_create timer.
type PosixTimer struct {
	id     int32
	owner  *Task // the process (leader); SIGEV_THREAD_ID: the thread
	notify int32
	signo  unix.Signal
	value  uint64

	mu       sync.Mutex
	timer    *time.Timer
	deadline time.Time
	interval time.Duration
	overrun  int32
}

type posixTimers struct {
	mu     sync.Mutex
	next   int32
	timers map[int32]*PosixTimer
}

// TimerCreate makes a timer. Errors: EINVAL, EAGAIN.
func (t *Task) TimerCreate(notify int32, signo unix.Signal, value uint64, tid int32) (int32, error) {
	l := t.leader
	owner := l
	switch notify {
	case SigevSignal, SigevNone:
	case SigevThreadID:
		th := t.K.TaskByTID(tid)
		if th == nil || th.TGID != t.TGID {
			return 0, unix.EINVAL
		}
		owner = th
	default:
		return 0, unix.EINVAL
	}
	if notify != SigevNone && (signo < 1 || signo > 64) {
		return 0, unix.EINVAL
	}
	l.ptimers.mu.Lock()
	defer l.ptimers.mu.Unlock()
	if l.ptimers.timers == nil {
		l.ptimers.timers = make(map[int32]*PosixTimer)
	}
	if len(l.ptimers.timers) >= maxTimers {
		return 0, unix.EAGAIN
	}
	id := l.ptimers.next
	l.ptimers.next++
	l.ptimers.timers[id] = &PosixTimer{id: id, owner: owner, notify: notify, signo: signo, value: value}
	return id, nil
}

// Timer finds a timer of t's process. Errors: EINVAL.
func (t *Task) Timer(id int32) (*PosixTimer, error) {
	l := t.leader
	l.ptimers.mu.Lock()
	defer l.ptimers.mu.Unlock()
	pt := l.ptimers.timers[id]
	if pt == nil {
		return nil, unix.EINVAL
	}
	return pt, nil
}

// TimerDelete disarms and deletes a timer. Errors: EINVAL.
func (t *Task) TimerDelete(id int32) error {
	l := t.leader
	l.ptimers.mu.Lock()
	pt := l.ptimers.timers[id]
	delete(l.ptimers.timers, id)
	l.ptimers.mu.Unlock()
	if pt == nil {
		return unix.EINVAL
	}
	pt.Set(0, 0)
	return nil
}

// Set arms the timer to fire in value (0: disarm), then every interval;
// it returns the old time left and interval.
func (pt *PosixTimer) Set(value, interval time.Duration) (time.Duration, time.Duration) {
	pt.mu.Lock()
	defer pt.mu.Unlock()
	left, oldInt := pt.getLocked()
	if pt.timer != nil {
		pt.timer.Stop()
		pt.timer = nil
	}
	pt.interval, pt.overrun = interval, 0
	if value > 0 {
		pt.armLocked(value)
	}
	return left, oldInt
}

func (pt *PosixTimer) armLocked(d time.Duration) {
	pt.deadline = time.Now().Add(d)
	pt.timer = time.AfterFunc(d, pt.fire)
}

// minPeriod bounds how often a periodic timer really fires; expirations in
// between are counted as overruns (si_overrun, timer_getoverrun), as Linux
// counts those that come while the last signal is still pending.
const minPeriod = time.Millisecond

func (pt *PosixTimer) fire() {
	pt.mu.Lock()
	value, interval, overrun := pt.value, pt.interval, pt.overrun
	pt.mu.Unlock()
	if pt.notify != SigevNone {
		si := NewSigInfo(pt.signo, siTimer)
		si.SetInt32(16, pt.id)
		si.SetInt32(20, overrun)
		binary.LittleEndian.PutUint64(si[24:], value)
		pt.owner.SendSignal(si)
	}
	exiting := pt.owner.Exiting()
	pt.mu.Lock()
	defer pt.mu.Unlock()
	if interval > 0 && !exiting && pt.timer != nil {
		period := interval
		pt.overrun = 0
		if period < minPeriod {
			pt.overrun = int32(minPeriod/period) - 1
			period = minPeriod
		}
		pt.armLocked(period)
	} else {
		pt.timer = nil
	}
}

// Get returns the time left and the interval.
func (pt *PosixTimer) Get() (time.Duration, time.Duration) {
	pt.mu.Lock()
	defer pt.mu.Unlock()
	return pt.getLocked()
}

func (pt *PosixTimer) getLocked() (time.Duration, time.Duration) {
	if pt.timer == nil {
		return 0, pt.interval
	}
	left := time.Until(pt.deadline)
	if left <= 0 {
		left = 1
	}
	return left, pt.interval
}

// Overrun is timer_getoverrun's count (expirations merged into one signal;
// always 0 here: each expiry sends its signal).
func (pt *PosixTimer) Overrun() int32 { return 0 }

// SetValue sets the sigev_value the timer's signal carries.
func (pt *PosixTimer) SetValue(v uint64) { pt.mu.Lock(); pt.value = v; pt.mu.Unlock() }
