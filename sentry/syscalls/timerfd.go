package syscalls

import (
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/fs/timerfd"
	"husk/sentry/kernel"
)

func init() {
	reg("timerfd_create", Supported, "", sysTimerfdCreate)
	reg("timerfd_settime", Partial, "TFD_TIMER_CANCEL_ON_SET is accepted but a step of CLOCK_REALTIME neither cancels nor moves an armed timer", sysTimerfdSettime)
	reg("timerfd_gettime", Supported, "", sysTimerfdGettime)
}

const (
	tfdTimerAbstime     = 1
	tfdTimerCancelOnSet = 2 // accepted; a clock step does not cancel
	capWakeAlarm        = 35
)

func sysTimerfdCreate(t *kernel.Task, a Args) (uintptr, error) {
	clock, flags := int32(a[0]), int(a[1])
	switch clock {
	case unix.CLOCK_REALTIME, unix.CLOCK_MONOTONIC, unix.CLOCK_BOOTTIME:
	case unix.CLOCK_REALTIME_ALARM, unix.CLOCK_BOOTTIME_ALARM:
		// Linux checks the capability; with it, an alarm clock is its base
		// clock here (there is no suspend to wake from).
		if !t.Creds.HasCap(capWakeAlarm) {
			return 0, unix.EPERM
		}
	default:
		return 0, unix.EINVAL
	}
	if flags&^(unix.TFD_NONBLOCK|unix.TFD_CLOEXEC) != 0 {
		return 0, unix.EINVAL
	}
	return installNew(t, timerfd.New(clock), unix.O_RDWR|flags&unix.O_NONBLOCK, flags&unix.TFD_CLOEXEC != 0)
}

func timerfdOf(t *kernel.Task, fd uintptr) (*timerfd.TimerFD, func(), error) {
	f, err := getFile(t, fd)
	if err != nil {
		return nil, nil, err
	}
	tf, ok := f.Impl.(*timerfd.TimerFD)
	if !ok {
		f.DecRef()
		return nil, nil, unix.EINVAL
	}
	return tf, f.DecRef, nil
}

// baseClock is the clock an alarm clock reads.
func baseClock(c int32) int32 {
	switch c {
	case unix.CLOCK_REALTIME_ALARM:
		return unix.CLOCK_REALTIME
	case unix.CLOCK_BOOTTIME_ALARM:
		return unix.CLOCK_BOOTTIME
	}
	return c
}

func sysTimerfdSettime(t *kernel.Task, a Args) (uintptr, error) {
	flags := a[1]
	if flags&^(tfdTimerAbstime|tfdTimerCancelOnSet) != 0 {
		return 0, unix.EINVAL
	}
	tf, done, err := timerfdOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer done()
	interval, err := copyTimespec(t, a[2])
	if err != nil {
		return 0, err
	}
	value, err := copyTimespec(t, a[2]+16)
	if err != nil {
		return 0, err
	}
	if a[3] != 0 {
		if err := t.MM.CheckRange(a[3], 32, true); err != nil {
			return 0, err
		}
	}
	v := tsDuration(value)
	if flags&tfdTimerAbstime != 0 && v > 0 {
		now, err := clockNow(t, baseClock(tf.Clock()))
		if err != nil {
			return 0, err
		}
		v -= time.Duration(now.Nano())
		if v <= 0 {
			v = 1 // already past: expires at once
		}
	}
	left, oldInt := tf.Set(v, tsDuration(interval))
	if a[3] != 0 {
		if _, err := t.MM.CopyOut(a[3], itimerspecBytes(left, oldInt)); err != nil {
			return 0, unix.EFAULT
		}
	}
	return 0, nil
}

func sysTimerfdGettime(t *kernel.Task, a Args) (uintptr, error) {
	tf, done, err := timerfdOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer done()
	left, interval := tf.Get()
	if _, err := t.MM.CopyOut(a[1], itimerspecBytes(left, interval)); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

// maxTimerDuration bounds a timer's value and interval (about 146 years:
// far enough to never fire, short enough that deadlines do not overflow).
const maxTimerDuration = time.Duration(1 << 62)

// tsDuration converts a checked (non-negative) timespec, saturating.
func tsDuration(ts unix.Timespec) time.Duration {
	if ts.Sec >= int64(maxTimerDuration/time.Second) {
		return maxTimerDuration
	}
	return time.Duration(ts.Sec)*time.Second + time.Duration(ts.Nsec)
}
