package ptrace

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

func mmapFixedNoReplace(addr, size uintptr) ([]byte, error) {
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

func ptrace(req int, tid int, addr, data uintptr) error {
	_, _, e := unix.RawSyscall6(unix.SYS_PTRACE, uintptr(req), uintptr(tid), addr, data, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

func getRegs(tid int, r *unix.PtraceRegs) error {
	return ptrace(unix.PTRACE_GETREGS, tid, 0, uintptr(unsafe.Pointer(r)))
}

func setRegs(tid int, r *unix.PtraceRegs) error {
	return ptrace(unix.PTRACE_SETREGS, tid, 0, uintptr(unsafe.Pointer(r)))
}

// ntX86XState is the regset of the XSAVE area (NT_X86_XSTATE).
const ntX86XState = 0x202

// getFPRegs reads the tracee's FP state into fp: the FXSAVE area when fp
// is 512 bytes, else the whole XSAVE area (standard layout), whose size the
// host kernel must agree with.
func getFPRegs(tid int, fp []byte) error {
	if len(fp) == 512 {
		return ptrace(unix.PTRACE_GETFPREGS, tid, 0, uintptr(unsafe.Pointer(&fp[0])))
	}
	iov := unix.Iovec{Base: &fp[0]}
	iov.SetLen(len(fp))
	if err := ptrace(unix.PTRACE_GETREGSET, tid, ntX86XState, uintptr(unsafe.Pointer(&iov))); err != nil {
		return err
	}
	if int(iov.Len) != len(fp) {
		return fmt.Errorf("ptrace: the host's XSAVE area is %d bytes, CPUID said %d", iov.Len, len(fp))
	}
	return nil
}

// setFPRegs loads fp (as getFPRegs lays it out) into the tracee.
func setFPRegs(tid int, fp []byte) error {
	if len(fp) == 512 {
		return ptrace(unix.PTRACE_SETFPREGS, tid, 0, uintptr(unsafe.Pointer(&fp[0])))
	}
	iov := unix.Iovec{Base: &fp[0]}
	iov.SetLen(len(fp))
	return ptrace(unix.PTRACE_SETREGSET, tid, ntX86XState, uintptr(unsafe.Pointer(&iov)))
}

// siginfo is the part of the kernel's siginfo_t the platform reads.
type siginfo struct {
	Signo int32
	Errno int32
	Code  int32
	_     int32
	Addr  uint64 // si_addr for SIGSEGV/SIGBUS/SIGILL/SIGFPE
	_     [128 - 24]byte
}

func getSiginfo(tid int, si *siginfo) error {
	return ptrace(unix.PTRACE_GETSIGINFO, tid, 0, uintptr(unsafe.Pointer(si)))
}

// wait4 waits for tid (a tracee of this thread) and retries on EINTR.
func wait4(tid int) (unix.WaitStatus, error) {
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

// rseqConfig returns a tracee's rseq registration (PTRACE_GET_RSEQ_CONFIGURATION).
func rseqConfig(tid int) (ptr, size, sig uintptr, ok bool) {
	var c struct {
		Ptr              uint64
		Size, Sig, Flags uint32
		_                uint32
	}
	if err := ptrace(0x420f, tid, unsafe.Sizeof(c), uintptr(unsafe.Pointer(&c))); err != nil || c.Ptr == 0 {
		return 0, 0, 0, false
	}
	return uintptr(c.Ptr), uintptr(c.Size), uintptr(c.Sig), true
}

// currentCPU is the CPU the calling thread runs on (getcpu), or -1.
func currentCPU() int {
	var cpu uint32
	if _, _, e := unix.RawSyscall(unix.SYS_GETCPU, uintptr(unsafe.Pointer(&cpu)), 0, 0); e != 0 {
		return -1
	}
	return int(cpu)
}
