package ptrace

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// kernelSigaction is the kernel's struct sigaction on amd64.
type kernelSigaction struct {
	handler  uintptr
	flags    uint64
	restorer uintptr
	mask     uint64
}

const saNoCldStop = 0x1

// quietTraceStops adds SA_NOCLDSTOP to the process's SIGCHLD action, keeping
// the Go runtime's handler: the kernel then stops sending SIGCHLD for every
// ptrace stop of a stub (a signal delivery, often a thread wake-up, per app
// syscall), while wait4 still reports the stops. Exits still send SIGCHLD.
func quietTraceStops() error {
	var old kernelSigaction
	if _, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(unix.SIGCHLD), 0, uintptr(unsafe.Pointer(&old)), 8, 0, 0); e != 0 {
		return e
	}
	if old.flags&saNoCldStop != 0 {
		return nil
	}
	nw := old
	nw.flags |= saNoCldStop
	if _, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(unix.SIGCHLD), uintptr(unsafe.Pointer(&nw)), 0, 8, 0, 0); e != 0 {
		return e
	}
	return nil
}
