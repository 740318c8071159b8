package ptrace

import (
	"unsafe"

	"golang.org/x/sys/unix"

	"husk/platform/internal/hostproc"
)

func getFPRegs(tid int, fp *[512]byte) error {
	return ptrace(unix.PTRACE_GETFPREGS, tid, 0, uintptr(unsafe.Pointer(fp)))
}

func setFPRegs(tid int, fp *[512]byte) error {
	return ptrace(unix.PTRACE_SETFPREGS, tid, 0, uintptr(unsafe.Pointer(fp)))
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
