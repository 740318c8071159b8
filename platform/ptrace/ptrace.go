// Package ptrace is the reference platform: app code runs in stub processes
// under PTRACE_SYSEMU, one stub process per address space.
//
// A stub is forked from the sentry by a tiny assembly routine (rawClone) and
// immediately jumps to a page of hand-assembled code (the stub page, mapped at
// the top of the address space, the same address in the sentry and every
// stub) that stops itself. The tracer then makes it unregister any rseq area,
// unmap every other page and close every descriptor but the memory file. No Go
// runtime, no sentry memory and no sentry descriptor remain in it. The sentry changes a stub's mappings by injecting
// mmap/munmap calls at the stub's `syscall; int3` pair; app syscalls never
// reach the host (SYSEMU skips them).
//
// ptrace binds a tracee to the one host thread that traced it. An address
// space is therefore created lazily, by the first operation on it, on that
// caller's OS thread, and every later operation on it must come from the same
// thread (the sentry runs each task on a goroutine locked to its OS thread).
// Operations from another thread fail with errWrongThread. Interrupt is the
// exception: it only sends a signal and is safe from anywhere.
//
// It never knows about tasks, files or syscalls.
//
// Lock order: addressSpace.mu is a leaf.
package ptrace

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"husk/platform"
	"husk/platform/internal/hostproc"
	"husk/sentry/arch"
)

// Platform is the ptrace platform.
type Platform struct {
	memfd int
	stub  stubLayout
}

var _ platform.Platform = (*Platform)(nil)

// New sets up the platform for the memory file mf. It must run before the
// sentry's seccomp filter is installed (it maps the stub page).
func New(mf platform.MemoryFile) (*Platform, error) {
	stub, err := mapStub()
	if err != nil {
		return nil, err
	}
	if err := quietTraceStops(); err != nil {
		return nil, fmt.Errorf("ptrace: SIGCHLD action: %w", err)
	}
	return &Platform{memfd: mf.FD(), stub: stub}, nil
}

// Name implements platform.Platform.
func (*Platform) Name() string { return "ptrace" }

// MinUserAddress implements platform.Platform.
func (*Platform) MinUserAddress() uintptr { return 0x10000 }

// MaxUserAddress implements platform.Platform: everything below the stub page.
func (p *Platform) MaxUserAddress() uintptr { return p.stub.start }

// NewAddressSpace implements platform.Platform. The stub process is made by the
// first operation on the address space.
func (p *Platform) NewAddressSpace() (platform.AddressSpace, error) {
	return &addressSpace{p: p, cpu: -1}, nil
}

// NewContext implements platform.Platform.
func (p *Platform) NewContext() (platform.Context, error) { return &context{}, nil }

var errWrongThread = errors.New("ptrace: address space used from a thread other than its tracer")

// addressSpace is one stub process.
type addressSpace struct {
	p *Platform

	mu     sync.Mutex
	pid    int          // the stub; 0 until made
	pidA   atomic.Int64 // pid, for Interrupt (which must not wait for mu)
	tracer int          // host tid of the thread that traces it
	dead   bool
	// interrupt is set by Interrupt and consumed by Switch.
	interrupt atomic.Bool
	// fpOwner is the context whose FP state the stub's thread holds.
	fpOwner *context
	// cpu is the host CPU the stub is pinned to (-1: not yet). Keeping the
	// stub on its tracer's CPU turns every trap into a local context switch
	// instead of a cross-CPU wakeup: about 4x faster under a hypervisor.
	cpu int
}

// stubFor returns the stub's pid, making the stub on this thread if needed.
func (as *addressSpace) stubFor() (int, error) {
	tid := unix.Gettid()
	if as.pid != 0 {
		if as.dead {
			return 0, platform.ErrContextDead
		}
		if as.tracer != tid {
			return 0, errWrongThread
		}
		return as.pid, nil
	}
	pid, err := as.p.forkStub()
	if err != nil {
		return 0, err
	}
	as.pid, as.tracer = pid, tid
	as.pidA.Store(int64(pid))
	return pid, nil
}

// forkStub makes a stub process traced by the calling thread, which must be
// locked to its goroutine for as long as the stub lives.
func (p *Platform) forkStub() (int, error) {
	pid, err := hostproc.ForkTraced(p.stub.entry)
	if err != nil {
		return 0, fmt.Errorf("ptrace: %w", err)
	}
	as := &addressSpace{p: p, pid: pid, tracer: unix.Gettid()}
	if err := hostproc.Strip(pid, as.inject, p.stub.start, p.stub.end, p.memfd); err != nil {
		hostproc.Kill(pid)
		return 0, fmt.Errorf("ptrace: stripping a new stub: %w", err)
	}
	return pid, nil
}

// inject runs one host syscall in the stub and returns its result.
func (as *addressSpace) inject(nr uintptr, args ...uintptr) (uintptr, error) {
	pid, err := as.stubFor()
	if err != nil {
		return 0, err
	}
	r, err := hostproc.Inject(pid, as.p.stub.syscallAddr, nr, args...)
	var te *hostproc.TraceError
	switch {
	case err == hostproc.ErrExited:
		as.dead = true
		return 0, platform.ErrContextDead
	case errors.As(err, &te):
		return 0, as.died(te.Err)
	}
	return r, err
}

func (as *addressSpace) died(err error) error {
	if err == unix.ESRCH {
		as.dead = true
		return platform.ErrContextDead
	}
	return fmt.Errorf("ptrace: stub %d: %w", as.pid, err)
}

// MapFile implements platform.AddressSpace.
func (as *addressSpace) MapFile(addr, length uintptr, offset int64, at platform.AccessType) error {
	as.mu.Lock()
	defer as.mu.Unlock()
	if addr < as.p.MinUserAddress() || addr+length > as.p.stub.start || addr+length < addr {
		return unix.EINVAL
	}
	r, err := as.inject(unix.SYS_MMAP, addr, length, uintptr(at.Prot()), unix.MAP_SHARED|unix.MAP_FIXED, uintptr(as.p.memfd), uintptr(offset))
	if err != nil {
		return err
	}
	if r != addr {
		return fmt.Errorf("ptrace: stub mapped %#x, wanted %#x", r, addr)
	}
	return nil
}

// Unmap implements platform.AddressSpace.
func (as *addressSpace) Unmap(addr, length uintptr) {
	as.mu.Lock()
	defer as.mu.Unlock()
	if as.pid == 0 || as.dead {
		return
	}
	if addr+length > as.p.stub.start {
		if addr >= as.p.stub.start {
			return
		}
		length = as.p.stub.start - addr
	}
	as.inject(unix.SYS_MUNMAP, addr, length)
}

// Release implements platform.AddressSpace.
func (as *addressSpace) Release() {
	as.mu.Lock()
	defer as.mu.Unlock()
	if as.pid == 0 {
		return
	}
	as.pidA.Store(0) // no interrupt may signal a pid that could be reused
	unix.Kill(as.pid, unix.SIGKILL)
	if as.tracer == unix.Gettid() {
		for {
			ws, err := wait4(as.pid)
			if err != nil || ws.Exited() || ws.Signaled() {
				break
			}
		}
	}
	as.dead = true
}

var _ platform.CPUClock = (*addressSpace)(nil)

// CPUTime implements platform.CPUClock: the stub's CPU clock (user and
// kernel time of the app code it ran, the mappings injected into it
// included).
func (as *addressSpace) CPUTime() time.Duration {
	return hostproc.ProcessCPUTime(int(as.pidA.Load()))
}

// followCPU pins the stub to the CPU the tracer runs on, when that changed.
func (as *addressSpace) followCPU(pid int) {
	cpu := currentCPU()
	if cpu < 0 || cpu == as.cpu {
		return
	}
	var set unix.CPUSet
	set.Set(cpu)
	if unix.SchedSetaffinity(pid, &set) == nil {
		as.cpu = cpu
	}
	// The tracer thread stays there too (it is locked to its goroutine for
	// the stub's life); the host may still move both when it must.
	unix.SchedSetaffinity(0, &set)
}

// context is one app thread's view of the platform.
type context struct {
	as atomic.Pointer[addressSpace] // the address space the last Switch used
	// interrupt is set when Interrupt came with no address space known yet.
	interrupt atomic.Bool
}

var _ platform.Context = (*context)(nil)

// Switch implements platform.Context.
func (c *context) Switch(pas platform.AddressSpace, st *arch.State) (platform.Trap, error) {
	as := pas.(*addressSpace)
	as.mu.Lock()
	defer as.mu.Unlock()
	c.as.Store(as)
	ci, ai := c.interrupt.Swap(false), as.interrupt.Swap(false)
	if ci || ai {
		return platform.Trap{Kind: platform.TrapInterrupted}, nil
	}
	pid, err := as.stubFor()
	if err != nil {
		return platform.Trap{}, err
	}
	if st.FPValid {
		if err := setFPRegs(pid, st.FPBlob()); err != nil {
			return platform.Trap{}, as.died(err)
		}
		st.FPValid = false
		as.fpOwner = c
	}
	if err := setRegs(pid, &st.Regs); err != nil {
		return platform.Trap{}, as.died(err)
	}
	as.followCPU(pid)
	for {
		if err := ptrace(unix.PTRACE_SYSEMU, pid, 0, 0); err != nil {
			return platform.Trap{}, as.died(err)
		}
		ws, err := wait4(pid)
		if err != nil {
			return platform.Trap{}, as.died(err)
		}
		if ws.Exited() || ws.Signaled() {
			as.dead = true
			return platform.Trap{}, platform.ErrContextDead
		}
		if !ws.Stopped() {
			continue
		}
		sig := ws.StopSignal()
		if sig == unix.SIGSTOP {
			ai, ci := as.interrupt.Swap(false), c.interrupt.Swap(false)
			if ai || ci {
				if err := getRegs(pid, &st.Regs); err != nil {
					return platform.Trap{}, as.died(err)
				}
				return platform.Trap{Kind: platform.TrapInterrupted}, nil
			}
			continue // a stale interrupt: run on
		}
		if err := getRegs(pid, &st.Regs); err != nil {
			return platform.Trap{}, as.died(err)
		}
		if sig == unix.SIGTRAP|0x80 {
			return platform.Trap{Kind: platform.TrapSyscall}, nil
		}
		var si siginfo
		if err := getSiginfo(pid, &si); err != nil {
			return platform.Trap{}, as.died(err)
		}
		t := platform.Trap{Kind: platform.TrapSignal, Signo: int(si.Signo), Code: int(si.Code), Addr: uintptr(si.Addr)}
		if si.Signo == int32(unix.SIGSEGV) && (si.Code == segvMapErr || si.Code == segvAccErr) {
			t.Kind = platform.TrapFault
			t.Present = si.Code == segvAccErr
			switch {
			case t.Addr == st.IP():
				t.Access = platform.AccessType{Execute: true}
			case t.Present:
				t.Access = platform.AccessType{Write: true}
			default:
				t.Access = platform.Read
			}
		}
		return t, nil
	}
}

const (
	segvMapErr = 1
	segvAccErr = 2
)

// SyncFP fills st.FP from the host thread that holds the context's FP state.
func (c *context) SyncFP(st *arch.State) error {
	as := c.as.Load()
	if st.FPValid || as == nil {
		return nil
	}
	as.mu.Lock()
	defer as.mu.Unlock()
	if as.fpOwner != c || as.pid == 0 {
		return nil
	}
	fp := make([]byte, arch.FPStateSize())
	if err := getFPRegs(as.pid, fp); err != nil {
		return as.died(err)
	}
	st.SetFPBlob(fp)
	return nil
}

// Interrupt implements platform.Context: a SIGSTOP stops the stub wherever it
// is, and the flag tells Switch it was ours.
func (c *context) Interrupt() {
	// The context's own flag catches an interrupt that lands while the
	// task moves to a new address space (execve).
	c.interrupt.Store(true)
	as := c.as.Load()
	if as == nil {
		return
	}
	as.interrupt.Store(true)
	if pid := int(as.pidA.Load()); pid != 0 {
		unix.Tgkill(pid, pid, unix.SIGSTOP)
	}
}

// Release implements platform.Context.
func (c *context) Release() {}
