package kernel

import (
	"time"

	"golang.org/x/sys/unix"
)

// realTimer is ITIMER_REAL: it sends SIGALRM to the process when it fires,
// then rearms with its interval.
type realTimer struct {
	timer    *time.Timer
	deadline time.Time
	interval time.Duration
}

// SetRealTimer arms (value > 0) or disarms ITIMER_REAL and returns the old
// setting (time left, interval).
func (t *Task) SetRealTimer(value, interval time.Duration) (time.Duration, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	oldLeft, oldInt := t.realTimerLocked()
	if t.itimer.timer != nil {
		t.itimer.timer.Stop()
		t.itimer.timer = nil
	}
	t.itimer.interval = interval
	if value > 0 {
		t.armLocked(value)
	}
	return oldLeft, oldInt
}

func (t *Task) armLocked(d time.Duration) {
	t.itimer.deadline = time.Now().Add(d)
	var fire func()
	fire = func() {
		si := NewSigInfo(unix.SIGALRM, 0x80) // SI_KERNEL... Linux uses SI_TIMER for POSIX timers, SI_KERNEL here
		t.SendSignal(si)
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.itimer.interval > 0 && !t.exiting {
			period := t.itimer.interval
			if period < minPeriod {
				period = minPeriod // see PosixTimer: a storm of signals helps no one
			}
			t.itimer.deadline = time.Now().Add(period)
			t.itimer.timer = time.AfterFunc(period, fire)
		} else {
			t.itimer.timer = nil
		}
	}
	t.itimer.timer = time.AfterFunc(d, fire)
}

// RealTimer returns ITIMER_REAL's time left and interval.
func (t *Task) RealTimer() (time.Duration, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.realTimerLocked()
}

func (t *Task) realTimerLocked() (time.Duration, time.Duration) {
	if t.itimer.timer == nil {
		return 0, t.itimer.interval
	}
	left := time.Until(t.itimer.deadline)
	if left <= 0 {
		left = time.Microsecond
	}
	return left, t.itimer.interval
}
