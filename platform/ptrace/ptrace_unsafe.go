package ptrace

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"

	"husk/platform/internal/hostproc"
)

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

var (
	mmapFixedNoReplace = hostproc.MmapFixedNoReplace
	ptrace             = hostproc.Ptrace
	getRegs            = hostproc.GetRegs
	setRegs            = hostproc.SetRegs
	wait4              = hostproc.Wait4
	currentCPU         = hostproc.CurrentCPU
)
