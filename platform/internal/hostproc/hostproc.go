// Package hostproc holds what the stub-process platforms (ptrace, systrap)
// share: forking a bare child of the sentry from assembly (RawClone), the
// ptrace calls that stop it, inject host syscalls into it and strip it down to
// its stub pages, and the small host-memory helpers around that.
//
// It owns no state. It never runs app code and never knows about tasks: it
// sees pids, registers and address ranges.
//
// Lock order: none.
package hostproc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

const (
	// PageSize is the host page size on amd64.
	PageSize = 4096
	// TaskSize is the end of the amd64 user address space (47 bits, less the
	// guard page Linux keeps).
	TaskSize = 0x7ffffffff000
)

// ErrExited is returned when a tracee died while being driven.
var ErrExited = errors.New("hostproc: process exited")

// RawClone forks the calling thread into a new traced process that jumps to
// entry (see clone_amd64.s). The caller must have blocked all signals.
func RawClone(entry uintptr) (pid uintptr, errno uintptr)

// asm is a tiny x86-64 assembler for the stop code's few instructions.
type asm struct{ b []byte }

func (a *asm) u32(op byte, v uint32) {
	a.b = append(a.b, op)
	a.b = binary.LittleEndian.AppendUint32(a.b, v)
}
func (a *asm) movEAX(v uint32) { a.u32(0xb8, v) }
func (a *asm) movESI(v uint32) { a.u32(0xbe, v) }
func (a *asm) syscall()        { a.b = append(a.b, 0x0f, 0x05) }
func (a *asm) movEDIEAX()      { a.b = append(a.b, 0x89, 0xc7) }

// StopCode assembles the code a new child runs: it stops itself, and the
// tracer then injects calls at the `syscall; int3` loop.
//
//	kill(getpid(), SIGSTOP)
//	loop: syscall; int3; jmp loop
//
// Returns the code and the offset of the loop.
func StopCode() ([]byte, int) {
	var a asm
	a.movEAX(unix.SYS_GETPID)
	a.syscall()
	a.movEDIEAX()
	a.movEAX(unix.SYS_KILL)
	a.movESI(uint32(unix.SIGSTOP))
	a.syscall()
	loop := len(a.b)
	a.syscall()
	a.b = append(a.b, 0xcc)       // int3
	a.b = append(a.b, 0xeb, 0xfb) // jmp loop (-5)
	return a.b, loop
}

// ForkTraced forks a child of the calling thread that runs StopCode at entry,
// waits for its stop and sets PTRACE_O_EXITKILL (and TRACESYSGOOD). The
// caller's goroutine must stay locked to its OS thread for as long as it
// traces the child, and that thread must outlive the child (the child dies
// with it: PR_SET_PDEATHSIG).
func ForkTraced(entry uintptr) (int, error) {
	runtime.LockOSThread() // balanced below; the caller holds its own lock too
	defer runtime.UnlockOSThread()
	var all, old unix.Sigset_t
	for i := range all.Val {
		all.Val[i] = ^uint64(0)
	}
	if err := unix.PthreadSigmask(unix.SIG_SETMASK, &all, &old); err != nil {
		return 0, fmt.Errorf("blocking signals: %w", err)
	}
	pid, errno := RawClone(entry)
	unix.PthreadSigmask(unix.SIG_SETMASK, &old, nil)
	if errno != 0 {
		return 0, fmt.Errorf("forking a stub: %w", unix.Errno(errno))
	}
	ws, err := Wait4(int(pid))
	if err != nil {
		return 0, fmt.Errorf("waiting for a new stub: %w", err)
	}
	if ws.Exited() && ws.ExitStatus() == 127 {
		return 0, errors.New("a new stub could not be traced (PTRACE_TRACEME failed): is husk itself traced by something that follows forks, such as strace -f?")
	}
	if !ws.Stopped() || ws.StopSignal() != unix.SIGSTOP {
		Kill(int(pid))
		return 0, fmt.Errorf("new stub did not stop as expected (status %#x)", uint32(ws))
	}
	if err := Ptrace(unix.PTRACE_SETOPTIONS, int(pid), 0, unix.PTRACE_O_TRACESYSGOOD|unix.PTRACE_O_EXITKILL); err != nil {
		Kill(int(pid))
		return 0, fmt.Errorf("setting options on a stub: %w", err)
	}
	return int(pid), nil
}

// Kill kills a traced child and reaps it.
func Kill(pid int) {
	unix.Kill(pid, unix.SIGKILL)
	for {
		ws, err := Wait4(pid)
		if err != nil || ws.Exited() || ws.Signaled() {
			return
		}
	}
}

// TraceError is a failure of ptrace itself while injecting (ESRCH: the
// tracee is gone), as opposed to the injected call's own errno.
type TraceError struct{ Err error }

func (e *TraceError) Error() string { return "ptrace: " + e.Err.Error() }
func (e *TraceError) Unwrap() error { return e.Err }

// Inject runs one host syscall in the stopped tracee pid, at syscallAddr (a
// `syscall; int3` pair), and returns its result. Stops for other signals
// (an interrupt's SIGSTOP) are passed over. ErrExited: the tracee died.
func Inject(pid int, syscallAddr uintptr, nr uintptr, args ...uintptr) (uintptr, error) {
	var r unix.PtraceRegs
	if err := GetRegs(pid, &r); err != nil {
		return 0, &TraceError{err}
	}
	r.Rax = uint64(nr)
	r.Orig_rax = ^uint64(0)
	regs := []*uint64{&r.Rdi, &r.Rsi, &r.Rdx, &r.R10, &r.R8, &r.R9}
	for i, a := range args {
		*regs[i] = uint64(a)
	}
	r.Rip = uint64(syscallAddr)
	if err := SetRegs(pid, &r); err != nil {
		return 0, &TraceError{err}
	}
	if err := Ptrace(unix.PTRACE_CONT, pid, 0, 0); err != nil {
		return 0, &TraceError{err}
	}
	for {
		ws, err := Wait4(pid)
		if err != nil {
			return 0, &TraceError{err}
		}
		if ws.Exited() || ws.Signaled() {
			return 0, ErrExited
		}
		if ws.Stopped() && ws.StopSignal() == unix.SIGTRAP {
			break
		}
		if err := Ptrace(unix.PTRACE_CONT, pid, 0, 0); err != nil {
			return 0, &TraceError{err}
		}
	}
	if err := GetRegs(pid, &r); err != nil {
		return 0, &TraceError{err}
	}
	if ret := int64(r.Rax); ret < 0 && ret > -4096 {
		return 0, unix.Errno(-ret)
	}
	return uintptr(r.Rax), nil
}

// Strip turns a stopped fresh fork of the sentry into a bare stub: it dies
// with its tracer thread, has no rseq area (a cgo sentry's libc registered
// one, and the kernel would fault on it once it is unmapped), no memory but
// [keepStart, keepEnd) and no descriptor but keepFDs. inject runs one call in
// it.
func Strip(pid int, inject func(nr uintptr, args ...uintptr) (uintptr, error), keepStart, keepEnd uintptr, keepFDs ...int) error {
	if ptr, size, sig, ok := RseqConfig(pid); ok {
		if _, err := inject(unix.SYS_RSEQ, ptr, size, 1 /* RSEQ_FLAG_UNREGISTER */, sig); err != nil {
			return fmt.Errorf("rseq unregister: %w", err)
		}
	}
	calls := [][]uintptr{
		{unix.SYS_PRCTL, unix.PR_SET_PDEATHSIG, uintptr(unix.SIGKILL)},
		{unix.SYS_MUNMAP, 0, keepStart},
		{unix.SYS_MUNMAP, keepEnd, TaskSize - keepEnd},
	}
	// Close everything but keepFDs (sorted here), range by range.
	keep := append([]int(nil), keepFDs...)
	for i := range keep {
		for j := i + 1; j < len(keep); j++ {
			if keep[j] < keep[i] {
				keep[i], keep[j] = keep[j], keep[i]
			}
		}
	}
	lo := 0
	for _, fd := range keep {
		if fd > lo {
			calls = append(calls, []uintptr{unix.SYS_CLOSE_RANGE, uintptr(lo), uintptr(fd - 1), 0})
		}
		lo = fd + 1
	}
	calls = append(calls, []uintptr{unix.SYS_CLOSE_RANGE, uintptr(lo), ^uintptr(0) >> 32, 0})
	for _, c := range calls {
		if c[0] == unix.SYS_MUNMAP && c[2] == 0 {
			continue
		}
		if _, err := inject(c[0], c[1:]...); err != nil {
			return fmt.Errorf("syscall %d: %w", c[0], err)
		}
	}
	return nil
}

// ProcessCPUTime is the CPU time process pid has used (its CPU clock,
// MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)); 0 for pid 0 or when the
// clock cannot be read (the process is gone).
func ProcessCPUTime(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	var ts unix.Timespec
	if unix.ClockGettime(int32(^uint32(pid)<<3|2), &ts) != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}
