package syscalls

import (
	"encoding/binary"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/errno"
	"husk/sentry/kernel"
	"husk/sentry/loader/vdso"
)

func init() {
	reg("clock_gettime", Partial, "CPU-time clocks report the sandbox's; REALTIME, MONOTONIC, BOOTTIME and their COARSE twins are served by the vDSO without a trap, from the same clock as this syscall", sysClockGettime)
	reg("clock_getres", Supported, "vDSO: no trap for the clocks it keeps", sysClockGetres)
	reg("gettimeofday", Supported, "vDSO: no trap; the timezone reads zero", sysGettimeofday)
	reg("time", Supported, "vDSO: no trap", sysTime)
	reg("getcpu", Supported, "the host CPU and node (vDSO: no trap; both read the host's per-CPU segment)", sysGetcpu)
	reg("nanosleep", Partial, "a restart after a signal with no handler sleeps the whole time again", sysNanosleep)
	reg("clock_nanosleep", Partial, "a restart after a signal with no handler sleeps the whole time again", sysClockNanosleep)
}

func validClock(id int32) bool {
	switch id {
	case unix.CLOCK_REALTIME, unix.CLOCK_MONOTONIC, unix.CLOCK_PROCESS_CPUTIME_ID, unix.CLOCK_THREAD_CPUTIME_ID,
		unix.CLOCK_MONOTONIC_RAW, unix.CLOCK_REALTIME_COARSE, unix.CLOCK_MONOTONIC_COARSE, unix.CLOCK_BOOTTIME,
		unix.CLOCK_REALTIME_ALARM, unix.CLOCK_BOOTTIME_ALARM, unix.CLOCK_TAI:
		return true
	}
	return false
}

func tsBytes(ts unix.Timespec) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(ts.Sec))
	return binary.LittleEndian.AppendUint64(b, uint64(ts.Nsec))
}

// clockNow reads clock id as the vDSO does when it keeps that clock (so
// that the syscall and the vDSO agree), else the host's.
func clockNow(t *kernel.Task, id int32) (unix.Timespec, error) {
	if v := t.K.VDSO; v != nil {
		if ns, ok := v.Now(id); ok {
			return unix.NsecToTimespec(ns), nil
		}
	}
	var ts unix.Timespec
	err := unix.ClockGettime(id, &ts)
	return ts, err
}

func sysClockGettime(t *kernel.Task, a Args) (uintptr, error) {
	id := int32(a[0])
	if !validClock(id) {
		return 0, unix.EINVAL
	}
	ts, err := clockNow(t, id)
	if err != nil {
		return 0, err
	}
	if _, err := t.MM.CopyOut(a[1], tsBytes(ts)); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func sysClockGetres(t *kernel.Task, a Args) (uintptr, error) {
	id := int32(a[0])
	if !validClock(id) {
		return 0, unix.EINVAL
	}
	if a[1] == 0 {
		return 0, nil
	}
	ts := unix.Timespec{Nsec: 1}
	if id == unix.CLOCK_REALTIME_COARSE || id == unix.CLOCK_MONOTONIC_COARSE {
		ts.Nsec = 4000000
	}
	if _, err := t.MM.CopyOut(a[1], tsBytes(ts)); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func sysGettimeofday(t *kernel.Task, a Args) (uintptr, error) {
	now, err := clockNow(t, unix.CLOCK_REALTIME)
	if err != nil {
		return 0, err
	}
	if a[0] != 0 {
		b := binary.LittleEndian.AppendUint64(nil, uint64(now.Sec))
		b = binary.LittleEndian.AppendUint64(b, uint64(now.Nsec/1000))
		if _, err := t.MM.CopyOut(a[0], b); err != nil {
			return 0, unix.EFAULT
		}
	}
	if a[1] != 0 {
		if _, err := t.MM.CopyOut(a[1], make([]byte, 8)); err != nil {
			return 0, unix.EFAULT
		}
	}
	return 0, nil
}

func sysTime(t *kernel.Task, a Args) (uintptr, error) {
	ts, err := clockNow(t, unix.CLOCK_REALTIME)
	if err != nil {
		return 0, err
	}
	now := ts.Sec
	if a[0] != 0 {
		if _, err := t.MM.CopyOut(a[0], binary.LittleEndian.AppendUint64(nil, uint64(now))); err != nil {
			return 0, unix.EFAULT
		}
	}
	return uintptr(now), nil
}

func sysGetcpu(t *kernel.Task, a Args) (uintptr, error) {
	cpu, node := vdso.Getcpu()
	for i, v := range []uint32{cpu, node} {
		if a[i] != 0 {
			if _, err := t.MM.CopyOut(a[i], binary.LittleEndian.AppendUint32(nil, v)); err != nil {
				return 0, unix.EFAULT
			}
		}
	}
	return 0, nil
}

func copyTimespec(t *kernel.Task, addr uintptr) (unix.Timespec, error) {
	b := make([]byte, 16)
	if _, err := t.MM.CopyIn(addr, b); err != nil {
		return unix.Timespec{}, unix.EFAULT
	}
	ts := unix.Timespec{Sec: int64(binary.LittleEndian.Uint64(b)), Nsec: int64(binary.LittleEndian.Uint64(b[8:]))}
	if ts.Sec < 0 || ts.Nsec < 0 || ts.Nsec >= 1e9 {
		return ts, unix.EINVAL
	}
	return ts, nil
}

// sleepFor sleeps d unless a signal comes first: then it writes the time
// left to rem (if non-zero) and returns the restart code.
func sleepFor(t *kernel.Task, d time.Duration, rem uintptr) error {
	if d <= 0 {
		return nil
	}
	deadline := time.Now().Add(d)
	err := t.Block(nil, &deadline)
	if err == unix.ETIMEDOUT {
		return nil
	}
	if rem != 0 {
		left := time.Until(deadline)
		if left < 0 {
			left = 0
		}
		ts := unix.NsecToTimespec(int64(left))
		if _, cerr := t.MM.CopyOut(rem, tsBytes(ts)); cerr != nil {
			return unix.EFAULT
		}
	}
	return errno.ERESTART_RESTARTBLOCK
}

func sysNanosleep(t *kernel.Task, a Args) (uintptr, error) {
	ts, err := copyTimespec(t, a[0])
	if err != nil {
		return 0, err
	}
	return 0, sleepFor(t, time.Duration(ts.Sec)*time.Second+time.Duration(ts.Nsec), a[1])
}

func sysClockNanosleep(t *kernel.Task, a Args) (uintptr, error) {
	id := int32(a[0])
	switch id {
	case unix.CLOCK_REALTIME, unix.CLOCK_MONOTONIC, unix.CLOCK_BOOTTIME, unix.CLOCK_TAI:
	case unix.CLOCK_THREAD_CPUTIME_ID:
		return 0, unix.EINVAL
	default:
		if !validClock(id) {
			return 0, unix.EINVAL
		}
		return 0, unix.EOPNOTSUPP
	}
	if a[1]&^unix.TIMER_ABSTIME != 0 {
		return 0, unix.EINVAL
	}
	ts, err := copyTimespec(t, a[2])
	if err != nil {
		return 0, err
	}
	d := time.Duration(ts.Sec)*time.Second + time.Duration(ts.Nsec)
	rem := a[3]
	if a[1]&unix.TIMER_ABSTIME != 0 {
		now, _ := clockNow(t, id) // the clock the app reads, through the vDSO or not
		d -= time.Duration(now.Sec)*time.Second + time.Duration(now.Nsec)
		rem = 0
	}
	return 0, sleepFor(t, d, rem)
}

func init() {
	reg("futex", Partial, "WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, REQUEUE, CMP_REQUEUE, WAKE_OP; no PI yet (ENOSYS)", sysFutex)
}

func sysFutex(t *kernel.Task, a Args) (uintptr, error) {
	const (
		futexWait, futexWake             = 0, 1
		futexWaitBitset, futexWakeBitset = 9, 10
		privateFlag, clockRealtime       = 128, 256
	)
	op := int(a[1]) &^ (privateFlag | clockRealtime)
	switch op {
	case futexWait, futexWaitBitset:
		bitset := uint32(0xffffffff)
		if op == futexWaitBitset {
			bitset = uint32(a[5])
		}
		var deadline *time.Time
		if a[3] != 0 {
			ts, err := copyTimespec(t, a[3])
			if err != nil {
				return 0, err
			}
			d := time.Duration(ts.Sec)*time.Second + time.Duration(ts.Nsec)
			var when time.Time
			if op == futexWait {
				when = time.Now().Add(d) // relative
			} else {
				clock := int32(unix.CLOCK_MONOTONIC)
				if a[1]&clockRealtime != 0 {
					clock = unix.CLOCK_REALTIME
				}
				var now unix.Timespec
				unix.ClockGettime(clock, &now)
				when = time.Now().Add(d - (time.Duration(now.Sec)*time.Second + time.Duration(now.Nsec)))
			}
			deadline = &when
		}
		return 0, t.FutexWait(a[0], uint32(a[2]), bitset, deadline)
	case futexWake, futexWakeBitset:
		bitset := uint32(0xffffffff)
		if op == futexWakeBitset {
			bitset = uint32(a[5])
		}
		n, err := t.FutexWake(a[0], int(int32(a[2])), bitset)
		return uintptr(n), err
	case 3, 4: // FUTEX_REQUEUE, FUTEX_CMP_REQUEUE
		n, err := t.FutexRequeue(a[0], a[4], int(int32(a[2])), int(int32(a[3])), op == 4, uint32(a[5]))
		return uintptr(n), err
	case 5: // FUTEX_WAKE_OP
		n, err := t.FutexWakeOp(a[0], a[4], int(int32(a[2])), int(int32(a[3])), uint32(a[5]))
		return uintptr(n), err
	}
	return 0, unix.ENOSYS
}

func init() {
	reg("setitimer", Partial, "ITIMER_REAL only; ITIMER_VIRTUAL and ITIMER_PROF: ENOSYS", sysSetitimer)
	reg("getitimer", Partial, "ITIMER_REAL only; ITIMER_VIRTUAL and ITIMER_PROF: ENOSYS", sysGetitimer)
	reg("alarm", Supported, "", sysAlarm)
}

func tvDur(b []byte) (time.Duration, error) {
	sec, usec := int64(binary.LittleEndian.Uint64(b)), int64(binary.LittleEndian.Uint64(b[8:]))
	if sec < 0 || usec < 0 || usec >= 1e6 {
		return 0, unix.EINVAL
	}
	return time.Duration(sec)*time.Second + time.Duration(usec)*time.Microsecond, nil
}

func itimerBytes(left, interval time.Duration) []byte {
	var b []byte
	for _, d := range []time.Duration{interval, left} {
		b = binary.LittleEndian.AppendUint64(b, uint64(d/time.Second))
		b = binary.LittleEndian.AppendUint64(b, uint64((d%time.Second+time.Microsecond-1)/time.Microsecond))
	}
	return b
}

func sysSetitimer(t *kernel.Task, a Args) (uintptr, error) {
	switch a[0] {
	case unix.ITIMER_REAL:
	case unix.ITIMER_VIRTUAL, unix.ITIMER_PROF:
		return 0, unix.ENOSYS
	default:
		return 0, unix.EINVAL
	}
	var value, interval time.Duration
	if a[1] != 0 {
		b := make([]byte, 32)
		if _, err := t.MM.CopyIn(a[1], b); err != nil {
			return 0, unix.EFAULT
		}
		var err error
		if interval, err = tvDur(b[0:16]); err != nil {
			return 0, err
		}
		if value, err = tvDur(b[16:32]); err != nil {
			return 0, err
		}
	}
	if a[2] != 0 {
		if err := t.MM.CheckRange(a[2], 32, true); err != nil {
			return 0, err
		}
	}
	left, oldInt := t.SetRealTimer(value, interval)
	if a[2] != 0 {
		if _, err := t.MM.CopyOut(a[2], itimerBytes(left, oldInt)); err != nil {
			return 0, unix.EFAULT
		}
	}
	return 0, nil
}

func sysGetitimer(t *kernel.Task, a Args) (uintptr, error) {
	switch a[0] {
	case unix.ITIMER_REAL:
	case unix.ITIMER_VIRTUAL, unix.ITIMER_PROF:
		return 0, unix.ENOSYS
	default:
		return 0, unix.EINVAL
	}
	left, interval := t.RealTimer()
	if _, err := t.MM.CopyOut(a[1], itimerBytes(left, interval)); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func sysAlarm(t *kernel.Task, a Args) (uintptr, error) {
	left, _ := t.SetRealTimer(time.Duration(uint32(a[0]))*time.Second, 0)
	secs := uintptr((left + time.Second/2) / time.Second)
	if left > 0 && secs == 0 {
		secs = 1
	}
	return secs, nil
}

func init() {
	reg("getrusage", Partial, "times and counters read zero until per-task accounting exists", sysGetrusage)
	reg("times", Partial, "CPU times read zero until per-task accounting exists; returns the clock", sysTimes)
	reg("sysinfo", Partial, "the sandbox's uptime, memory and process count; loads and swap read zero", sysSysinfo)
}

func sysGetrusage(t *kernel.Task, a Args) (uintptr, error) {
	who := int32(a[0])
	if who != unix.RUSAGE_SELF && who != unix.RUSAGE_CHILDREN && who != unix.RUSAGE_THREAD {
		return 0, unix.EINVAL
	}
	if _, err := t.MM.CopyOut(a[1], make([]byte, 144)); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func sysTimes(t *kernel.Task, a Args) (uintptr, error) {
	if a[0] != 0 {
		if _, err := t.MM.CopyOut(a[0], make([]byte, 32)); err != nil {
			return 0, unix.EFAULT
		}
	}
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	return uintptr(ts.Sec*100 + ts.Nsec/1e7), nil // clock ticks (USER_HZ 100)
}

func sysSysinfo(t *kernel.Task, a Args) (uintptr, error) {
	k := t.K
	b := make([]byte, 112)
	le := binary.LittleEndian
	le.PutUint64(b[0:], uint64(time.Since(k.BootTime)/time.Second))
	total := k.TotalRAM
	used := uint64(k.MF.Used())
	free := uint64(0)
	if total > used {
		free = total - used
	}
	le.PutUint64(b[32:], total)
	le.PutUint64(b[40:], free)
	le.PutUint16(b[80:], uint16(k.NumProcesses()))
	le.PutUint32(b[104:], 1) // mem_unit
	if _, err := t.MM.CopyOut(a[0], b); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func init() {
	reg("timer_create", Partial, "CLOCK_REALTIME, MONOTONIC, BOOTTIME; SIGEV_SIGNAL, NONE, THREAD_ID", sysTimerCreate)
	reg("timer_settime", Partial, "as timer_create", sysTimerSettime)
	reg("timer_gettime", Supported, "", sysTimerGettime)
	reg("timer_getoverrun", Partial, "periods under 1 ms fire every 1 ms and count the rest as overruns", sysTimerGetoverrun)
	reg("timer_delete", Supported, "", sysTimerDelete)
}

func sysTimerCreate(t *kernel.Task, a Args) (uintptr, error) {
	switch int32(a[0]) {
	case unix.CLOCK_REALTIME, unix.CLOCK_MONOTONIC, unix.CLOCK_BOOTTIME:
	default:
		return 0, unix.EINVAL
	}
	notify, signo, value, tid := int32(kernel.SigevSignal), unix.SIGALRM, uint64(0), int32(0)
	if a[1] != 0 {
		b := make([]byte, 20)
		if _, err := t.MM.CopyIn(a[1], b); err != nil {
			return 0, unix.EFAULT
		}
		value = binary.LittleEndian.Uint64(b)
		signo = unix.Signal(int32(binary.LittleEndian.Uint32(b[8:])))
		notify = int32(binary.LittleEndian.Uint32(b[12:]))
		tid = int32(binary.LittleEndian.Uint32(b[16:]))
	}
	if err := t.MM.CheckRange(a[2], 4, true); err != nil {
		return 0, err
	}
	id, err := t.TimerCreate(notify, signo, value, tid)
	if err != nil {
		return 0, err
	}
	if a[1] == 0 {
		pt, _ := t.Timer(id)
		pt.SetValue(uint64(id)) // with no sigevent, sigev_value is the timer id
	}
	if _, err := t.MM.CopyOut(a[2], binary.LittleEndian.AppendUint32(nil, uint32(id))); err != nil {
		t.TimerDelete(id)
		return 0, unix.EFAULT
	}
	return 0, nil
}

func itimerspecBytes(left, interval time.Duration) []byte {
	return append(tsBytes(unix.NsecToTimespec(int64(interval))), tsBytes(unix.NsecToTimespec(int64(left)))...)
}

func sysTimerSettime(t *kernel.Task, a Args) (uintptr, error) {
	pt, err := t.Timer(int32(a[0]))
	if err != nil {
		return 0, err
	}
	if a[1]&^unix.TIMER_ABSTIME != 0 {
		return 0, unix.EINVAL
	}
	interval, err := copyTimespec(t, a[2])
	if err != nil {
		return 0, err
	}
	value, err := copyTimespec(t, a[2]+16)
	if err != nil {
		return 0, err
	}
	v := tsDuration(value)
	if a[1]&unix.TIMER_ABSTIME != 0 && v > 0 {
		now, _ := clockNow(t, unix.CLOCK_REALTIME)
		v -= time.Duration(now.Nano())
		if v <= 0 {
			v = 1
		}
	}
	left, oldInt := pt.Set(v, tsDuration(interval))
	if a[3] != 0 {
		if _, err := t.MM.CopyOut(a[3], itimerspecBytes(left, oldInt)); err != nil {
			return 0, unix.EFAULT
		}
	}
	return 0, nil
}

func sysTimerGettime(t *kernel.Task, a Args) (uintptr, error) {
	pt, err := t.Timer(int32(a[0]))
	if err != nil {
		return 0, err
	}
	left, interval := pt.Get()
	if _, err := t.MM.CopyOut(a[1], itimerspecBytes(left, interval)); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func sysTimerGetoverrun(t *kernel.Task, a Args) (uintptr, error) {
	pt, err := t.Timer(int32(a[0]))
	if err != nil {
		return 0, err
	}
	return uintptr(pt.Overrun()), nil
}

func sysTimerDelete(t *kernel.Task, a Args) (uintptr, error) {
	return 0, t.TimerDelete(int32(a[0]))
}
