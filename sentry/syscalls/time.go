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
	reg("nanosleep", Supported, "", sysNanosleep)
	reg("clock_nanosleep", Partial, "CLOCK_PROCESS_CPUTIME_ID sleeps: EOPNOTSUPP (as for the clocks Linux cannot sleep on)", sysClockNanosleep)
	reg("restart_syscall", Supported, "nanosleep, clock_nanosleep and timed futex waits go on with the time they had left", func(t *kernel.Task, a Args) (uintptr, error) { return t.RestartSyscall() })
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
	var ts unix.Timespec
	switch id {
	case unix.CLOCK_PROCESS_CPUTIME_ID, unix.CLOCK_THREAD_CPUTIME_ID:
		u := t.ThreadUsage()
		if id == unix.CLOCK_PROCESS_CPUTIME_ID {
			u = t.ProcessUsage()
		}
		ts = unix.NsecToTimespec(int64(u.User + u.Sys))
	default:
		var err error
		if ts, err = clockNow(t, id); err != nil {
			return 0, err
		}
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
		ts.Nsec = int64(kernel.Tick)
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
	return sleepUntil(t, time.Now().Add(d), rem)
}

// sleepUntil sleeps until deadline unless a signal comes first: then it
// writes the time left to rem (if non-zero) and returns the restart code,
// leaving restart_syscall to sleep what is left.
func sleepUntil(t *kernel.Task, deadline time.Time, rem uintptr) error {
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
	t.SetRestartBlock(func() (uintptr, error) { return 0, sleepUntil(t, deadline, rem) })
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
	// Linux ignores flags other than TIMER_ABSTIME.
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
	reg("futex", Partial, "every operation (WAIT, WAKE, *_BITSET, REQUEUE, CMP_REQUEUE, WAKE_OP, LOCK_PI, LOCK_PI2, UNLOCK_PI, TRYLOCK_PI, "+
		"WAIT_REQUEUE_PI, CMP_REQUEUE_PI); priority inheritance is a no-op (husk does not schedule by priority); "+
		"shared futexes are keyed per address space (processes share no memory in this version)", sysFutex)
	reg("futex_waitv", Supported, "FUTEX2_SIZE_U32 words, private or not; absolute timeouts on CLOCK_MONOTONIC or CLOCK_REALTIME", sysFutexWaitv)
}

// futex(2) operations and flags.
const (
	futexWait, futexWake             = 0, 1
	futexRequeue, futexCmpRequeue    = 3, 4
	futexWakeOp                      = 5
	futexLockPI, futexUnlockPI       = 6, 7
	futexTrylockPI                   = 8
	futexWaitBitset, futexWakeBitset = 9, 10
	futexWaitRequeuePI               = 11
	futexCmpRequeuePI                = 12
	futexLockPI2                     = 13
	futexPrivateFlag                 = 128
	futexClockRealtime               = 256
)

// absDeadline turns an absolute time on clock into a deadline.
func absDeadline(ts unix.Timespec, clock int32) *time.Time {
	var now unix.Timespec
	unix.ClockGettime(clock, &now)
	d := time.Duration(ts.Sec-now.Sec)*time.Second + time.Duration(ts.Nsec-now.Nsec)
	when := time.Now().Add(d)
	return &when
}

func sysFutex(t *kernel.Task, a Args) (uintptr, error) {
	op := int(a[1]) &^ (futexPrivateFlag | futexClockRealtime)
	if a[1]&futexClockRealtime != 0 {
		switch op {
		case futexWaitBitset, futexWaitRequeuePI, futexLockPI2:
		default:
			return 0, unix.ENOSYS
		}
	}
	// The timeout, for the operations that take one: relative for WAIT,
	// absolute CLOCK_REALTIME for LOCK_PI, absolute on the flag's clock
	// (CLOCK_MONOTONIC by default) for the others.
	var deadline *time.Time
	switch op {
	case futexWait, futexWaitBitset, futexLockPI, futexLockPI2, futexWaitRequeuePI:
		if a[3] == 0 {
			break
		}
		ts, err := copyTimespec(t, a[3])
		if err != nil {
			return 0, err
		}
		switch {
		case op == futexWait:
			when := time.Now().Add(time.Duration(ts.Sec)*time.Second + time.Duration(ts.Nsec))
			deadline = &when
		case op == futexLockPI || a[1]&futexClockRealtime != 0:
			deadline = absDeadline(ts, unix.CLOCK_REALTIME)
		default:
			deadline = absDeadline(ts, unix.CLOCK_MONOTONIC)
		}
	}
	switch op {
	case futexWait, futexWaitBitset:
		bitset := uint32(0xffffffff)
		if op == futexWaitBitset {
			bitset = uint32(a[5])
		}
		err := t.FutexWait(a[0], uint32(a[2]), bitset, deadline)
		if err == errno.ERESTARTSYS && deadline != nil {
			// A timed wait goes on through restart_syscall until the same
			// deadline, as Linux's futex_wait_restart does.
			addr, val := a[0], uint32(a[2])
			var restart func() (uintptr, error)
			restart = func() (uintptr, error) {
				err := t.FutexWait(addr, val, bitset, deadline)
				if err == errno.ERESTARTSYS {
					t.SetRestartBlock(restart)
					return 0, errno.ERESTART_RESTARTBLOCK
				}
				return 0, err
			}
			t.SetRestartBlock(restart)
			return 0, errno.ERESTART_RESTARTBLOCK
		}
		return 0, err
	case futexWake, futexWakeBitset:
		bitset := uint32(0xffffffff)
		if op == futexWakeBitset {
			bitset = uint32(a[5])
		}
		n, err := t.FutexWake(a[0], int(int32(a[2])), bitset)
		return uintptr(n), err
	case futexRequeue, futexCmpRequeue:
		n, err := t.FutexRequeue(a[0], a[4], int(int32(a[2])), int(int32(a[3])), op == futexCmpRequeue, uint32(a[5]))
		return uintptr(n), err
	case futexWakeOp:
		n, err := t.FutexWakeOp(a[0], a[4], int(int32(a[2])), int(int32(a[3])), uint32(a[5]))
		return uintptr(n), err
	case futexLockPI, futexLockPI2:
		return 0, t.FutexLockPI(a[0], deadline, false)
	case futexTrylockPI:
		return 0, t.FutexLockPI(a[0], nil, true)
	case futexUnlockPI:
		return 0, t.FutexUnlockPI(a[0])
	case futexWaitRequeuePI:
		return 0, t.FutexWaitRequeuePI(a[0], a[4], uint32(a[2]), deadline)
	case futexCmpRequeuePI:
		n, err := t.FutexCmpRequeuePI(a[0], a[4], int(int32(a[2])), int(int32(a[3])), uint32(a[5]))
		return uintptr(n), err
	}
	return 0, unix.ENOSYS
}

// futex_waitv limits and flags.
const (
	futexWaitvMax  = 128
	futex2SizeU32  = 2
	futex2Private  = 128
	futexWaitvSize = 24 // struct futex_waitv: u64 val, u64 uaddr, u32 flags, u32 reserved
)

func sysFutexWaitv(t *kernel.Task, a Args) (uintptr, error) {
	vec, n, flags, tsAddr, clock := a[0], a[1], a[2], a[3], int32(a[4])
	if flags != 0 || vec == 0 || n == 0 || n > futexWaitvMax {
		return 0, unix.EINVAL
	}
	var deadline *time.Time
	if tsAddr != 0 {
		if clock != unix.CLOCK_REALTIME && clock != unix.CLOCK_MONOTONIC {
			return 0, unix.EINVAL
		}
		ts, err := copyTimespec(t, tsAddr)
		if err != nil {
			return 0, err
		}
		deadline = absDeadline(ts, clock)
	}
	b := make([]byte, n*futexWaitvSize)
	if _, err := t.MM.CopyIn(vec, b); err != nil {
		return 0, unix.EFAULT
	}
	addrs, vals := make([]uintptr, n), make([]uint32, n)
	le := binary.LittleEndian
	for i := range addrs {
		e := b[i*futexWaitvSize:]
		val, addr, fl, reserved := le.Uint64(e), le.Uint64(e[8:]), le.Uint32(e[16:]), le.Uint32(e[20:])
		if reserved != 0 || fl&^(futex2SizeU32|futex2Private) != 0 || fl&3 != futex2SizeU32 || val>>32 != 0 {
			return 0, unix.EINVAL
		}
		addrs[i], vals[i] = uintptr(addr), uint32(val)
	}
	idx, err := t.FutexWaitv(addrs, vals, deadline)
	return uintptr(idx), err
}

func init() {
	reg("setitimer", Supported, "ITIMER_VIRTUAL and ITIMER_PROF count CPU time as getrusage measures it", sysSetitimer)
	reg("getitimer", Supported, "ITIMER_VIRTUAL and ITIMER_PROF count CPU time as getrusage measures it", sysGetitimer)
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
	case unix.ITIMER_REAL, unix.ITIMER_VIRTUAL, unix.ITIMER_PROF:
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
	var left, oldInt time.Duration
	if a[0] == unix.ITIMER_REAL {
		left, oldInt = t.SetRealTimer(value, interval)
	} else {
		left, oldInt = t.SetCPUTimer(int(a[0]), value, interval)
	}
	if a[2] != 0 {
		if _, err := t.MM.CopyOut(a[2], itimerBytes(left, oldInt)); err != nil {
			return 0, unix.EFAULT
		}
	}
	return 0, nil
}

func sysGetitimer(t *kernel.Task, a Args) (uintptr, error) {
	var left, interval time.Duration
	switch a[0] {
	case unix.ITIMER_REAL:
		left, interval = t.RealTimer()
	case unix.ITIMER_VIRTUAL, unix.ITIMER_PROF:
		left, interval = t.CPUTimer(int(a[0]))
	default:
		return 0, unix.EINVAL
	}
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
	reg("getrusage", Partial, "CPU times: user is the app code's (the ptrace stub's CPU clock), system the sentry thread's that serves it; the other counters read zero", sysGetrusage)
	reg("times", Partial, "CPU times as getrusage measures them", sysTimes)
	reg("sysinfo", Partial, "the sandbox's uptime, memory and process count; loads and swap read zero", sysSysinfo)
}

// rusageBytes lays u out as struct rusage (the counters beyond the CPU
// times stay zero).
func rusageBytes(u kernel.Usage) []byte {
	b := make([]byte, 144)
	le := binary.LittleEndian
	for i, d := range []time.Duration{u.User, u.Sys} {
		le.PutUint64(b[16*i:], uint64(d/time.Second))
		le.PutUint64(b[16*i+8:], uint64(d%time.Second/time.Microsecond))
	}
	return b
}

func sysGetrusage(t *kernel.Task, a Args) (uintptr, error) {
	var u kernel.Usage
	switch int32(a[0]) {
	case unix.RUSAGE_SELF:
		u = t.ProcessUsage()
	case unix.RUSAGE_CHILDREN:
		u = t.ChildrenUsage()
	case unix.RUSAGE_THREAD:
		u = t.ThreadUsage()
	default:
		return 0, unix.EINVAL
	}
	if _, err := t.MM.CopyOut(a[1], rusageBytes(u)); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

// ticks is d in clock ticks (USER_HZ, 100 a second).
func ticks(d time.Duration) uint64 { return uint64(d / (10 * time.Millisecond)) }

func sysTimes(t *kernel.Task, a Args) (uintptr, error) {
	if a[0] != 0 {
		self, children := t.ProcessUsage(), t.ChildrenUsage()
		var b []byte
		for _, d := range []time.Duration{self.User, self.Sys, children.User, children.Sys} {
			b = binary.LittleEndian.AppendUint64(b, ticks(d))
		}
		if _, err := t.MM.CopyOut(a[0], b); err != nil {
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
