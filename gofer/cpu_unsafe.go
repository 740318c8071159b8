package gofer

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// currentCPU is 1 + the CPU the calling thread runs on (getcpu), or 0: the
// hint a request carries so the server can serve it on the same CPU.
func currentCPU() uint16 {
	var cpu uint32
	if _, _, e := unix.RawSyscall(unix.SYS_GETCPU, uintptr(unsafe.Pointer(&cpu)), 0, 0); e != 0 || cpu >= 1<<16-1 {
		return 0
	}
	return uint16(cpu + 1)
}

// maxCPU is one past the highest CPU a unix.CPUSet can name.
const maxCPU = 8 * int(unsafe.Sizeof(unix.CPUSet{}))
