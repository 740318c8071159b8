package hostproc

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// MmapFixedNoReplace maps size bytes of anonymous read-write memory exactly at
// addr, or fails with EEXIST when something is there.
func MmapFixedNoReplace(addr, size uintptr) ([]byte, error) {
	r, _, e := unix.RawSyscall6(unix.SYS_MMAP, addr, size, unix.PROT_READ|unix.PROT_WRITE,
		unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|unix.MAP_FIXED_NOREPLACE, ^uintptr(0), 0)
	if e != 0 {
		return nil, e
	}
	if r != addr { // old kernels ignore MAP_FIXED_NOREPLACE and treat it as a hint
		unix.RawSyscall(unix.SYS_MUNMAP, r, size, 0)
		return nil, unix.EEXIST
	}
	return unsafe.Slice((*byte)(unsafe.Add(nil, r)), size), nil
}

// Ptrace makes one ptrace request.
func Ptrace(req int, tid int, addr, data uintptr) error {
	_, _, e := unix.RawSyscall6(unix.SYS_PTRACE, uintptr(req), uintptr(tid), addr, data, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

// GetRegs and SetRegs read and write a tracee's general registers.
func GetRegs(tid int, r *unix.PtraceRegs) error {
	return Ptrace(unix.PTRACE_GETREGS, tid, 0, uintptr(unsafe.Pointer(r)))
}

// SetRegs writes a tracee's general registers.
func SetRegs(tid int, r *unix.PtraceRegs) error {
	return Ptrace(unix.PTRACE_SETREGS, tid, 0, uintptr(unsafe.Pointer(r)))
}

// Wait4 waits for tid (a tracee or child of this thread) and retries on EINTR.
func Wait4(tid int) (unix.WaitStatus, error) {
	var ws unix.WaitStatus
	for {
		_, _, e := unix.Syscall6(unix.SYS_WAIT4, uintptr(tid), uintptr(unsafe.Pointer(&ws)), unix.WALL, 0, 0, 0)
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return 0, e
		}
		return ws, nil
	}
}

// RseqConfig returns a tracee's rseq registration (PTRACE_GET_RSEQ_CONFIGURATION).
func RseqConfig(tid int) (ptr, size, sig uintptr, ok bool) {
	var c struct {
		Ptr              uint64
		Size, Sig, Flags uint32
		_                uint32
	}
	if err := Ptrace(0x420f, tid, unsafe.Sizeof(c), uintptr(unsafe.Pointer(&c))); err != nil || c.Ptr == 0 {
		return 0, 0, 0, false
	}
	return uintptr(c.Ptr), uintptr(c.Size), uintptr(c.Sig), true
}

// CurrentCPU is the CPU the calling thread runs on (getcpu), or -1.
func CurrentCPU() int {
	var cpu uint32
	if _, _, e := unix.RawSyscall(unix.SYS_GETCPU, uintptr(unsafe.Pointer(&cpu)), 0, 0); e != 0 {
		return -1
	}
	return int(cpu)
}
