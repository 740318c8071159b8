package systrap

import (
	"errors"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// textBytes returns n bytes of the sentry's own code at addr (read only).
func textBytes(addr uintptr, n int) []byte {
	return unsafe.Slice((*byte)(unsafe.Add(nil, addr)), n)
}

// mmapFixedNoReplace maps size bytes of fd at off exactly at addr (shared,
// read-write), or fails with EEXIST when something is there.
func mmapFixedNoReplace(addr, size uintptr, fd int, off int64) ([]byte, error) {
	flags := uintptr(unix.MAP_SHARED | unix.MAP_FIXED_NOREPLACE)
	if fd < 0 {
		flags = unix.MAP_PRIVATE | unix.MAP_ANONYMOUS | unix.MAP_FIXED_NOREPLACE
	}
	r, _, e := unix.RawSyscall6(unix.SYS_MMAP, addr, size, unix.PROT_READ|unix.PROT_WRITE, flags, uintptr(fd), uintptr(off))
	if e != 0 {
		return nil, e
	}
	if r != addr { // old kernels ignore MAP_FIXED_NOREPLACE and treat it as a hint
		unix.RawSyscall(unix.SYS_MUNMAP, r, size, 0)
		return nil, unix.EEXIST
	}
	return unsafe.Slice((*byte)(unsafe.Add(nil, r)), size), nil
}

// word is the uint32 at off in b (4-aligned).
func word(b []byte, off int) *uint32 { return (*uint32)(unsafe.Pointer(&b[off])) }

// futexWake wakes every waiter on w (a shared futex: the stub maps the same
// page).
func futexWake(w *uint32) {
	unix.RawSyscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(w)), 1 /* FUTEX_WAKE */, 0x7fffffff, 0, 0, 0)
}

const sysFutexWaitv = 449

// futexWaitv is struct futex_waitv.
type futexWaitv struct {
	val   uint64
	uaddr uint64
	flags uint32
	_     uint32
}

// futexWaitvSupported checks for futex_waitv (Linux 5.16): with no futexes
// it fails with EINVAL where it exists.
func futexWaitvSupported() error {
	_, _, e := unix.RawSyscall6(sysFutexWaitv, 0, 0, 0, 0, 0, 0)
	if e == unix.ENOSYS {
		return errors.New("systrap: the host has no futex_waitv (Linux 5.16 or later needed)")
	}
	return nil
}

// futexWait sleeps while *a == av and (death != nil) *death == dv, until
// deadline (zero: none). It returns nil on any wake, mismatch or signal;
// callers re-check. ETIMEDOUT past the deadline; any other error is a bug
// (bad words) that callers must not spin on.
func futexWait(a *uint32, av uint32, death *uint32, dv uint32, deadline time.Time) error {
	const size32 = 2 // FUTEX2_SIZE_U32; shared (no FUTEX2_PRIVATE)
	ws := [2]futexWaitv{
		{val: uint64(av), uaddr: uint64(uintptr(unsafe.Pointer(a))), flags: size32},
		{val: uint64(dv), flags: size32},
	}
	n := 1
	if death != nil {
		ws[1].uaddr = uint64(uintptr(unsafe.Pointer(death)))
		n = 2
	}
	var ts *unix.Timespec
	if !deadline.IsZero() {
		// futex_waitv's timeout is absolute, on CLOCK_MONOTONIC.
		var now unix.Timespec
		unix.ClockGettime(unix.CLOCK_MONOTONIC, &now)
		d := time.Until(deadline)
		if d <= 0 {
			return unix.ETIMEDOUT
		}
		t := unix.NsecToTimespec(now.Nano() + d.Nanoseconds())
		ts = &t
	}
	_, _, e := unix.Syscall6(sysFutexWaitv, uintptr(unsafe.Pointer(&ws[0])), uintptr(n), 0,
		uintptr(unsafe.Pointer(ts)), unix.CLOCK_MONOTONIC, 0)
	switch e {
	case 0, unix.EAGAIN, unix.EINTR: // woken, a word changed, a signal
		return nil
	}
	return e
}

// load and store are the atomic accesses to a shared word.
func load(w *uint32) uint32     { return atomic.LoadUint32(w) }
func store(w *uint32, v uint32) { atomic.StoreUint32(w, v) }
