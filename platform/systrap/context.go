package systrap

import (
	"encoding/binary"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"husk/platform"
	"husk/platform/internal/hostproc"
	"husk/sentry/arch"
)

// Offsets in the kernel's signal frame (amd64): the ucontext, its sigcontext
// (uc_mcontext) and the siginfo.
const (
	ucMcontext = 40
	ucSize     = 40 + 256 + 8 // through uc_sigmask

	scR8      = 0
	scRDI     = 64
	scRSI     = 72
	scRBP     = 80
	scRBX     = 88
	scRDX     = 96
	scRAX     = 104
	scRCX     = 112
	scRSP     = 120
	scRIP     = 128
	scEflags  = 136
	scCS      = 144 // uint16; gs, fs, ss follow
	scSS      = 150
	scErr     = 152
	scFPState = 184

	siSigno = 0
	siCode  = 8
	siAddr  = 16
	siSize  = 128

	fpXstateMagic1 = 0x46505853 // FP_XSTATE_MAGIC1 at byte 464 of the fpstate
)

// inSlot returns the offset in the slot of stub address a, if [a, a+n) lies
// in the slot's signal stack.
func (as *addressSpace) inSlot(a uint64, n int) (int, bool) {
	base := uint64(as.p.lay.slot)
	if a < base+altOff || a-base > slotSize-uint64(n) {
		return 0, false
	}
	return int(a - base), true
}

// frame returns the offsets of the current signal frame's ucontext, siginfo
// and fpstate (-1 if absent), checked to lie in the slot.
func (as *addressSpace) frame() (uc, si, fp int, ok bool) {
	uc, ok1 := as.inSlot(get64(as.s, stUctx), ucSize)
	si, ok2 := as.inSlot(get64(as.s, stSiginfo), siSize)
	if !ok1 || !ok2 {
		return 0, 0, 0, false
	}
	fp, okfp := as.inSlot(get64(as.s, uc+ucMcontext+scFPState), arch.FPSize+64)
	if !okfp {
		fp = -1
	}
	return uc, si, fp, true
}

// gprs lists the sigcontext slots in order r8..r15, rdi, rsi, rbp, rbx, rdx,
// rax, rcx, rsp, rip, eflags.
func gprs(r *arch.Registers) []*uint64 {
	return []*uint64{&r.R8, &r.R9, &r.R10, &r.R11, &r.R12, &r.R13, &r.R14, &r.R15,
		&r.Rdi, &r.Rsi, &r.Rbp, &r.Rbx, &r.Rdx, &r.Rax, &r.Rcx, &r.Rsp, &r.Rip, &r.Eflags}
}

func (as *addressSpace) writeRegs(uc int, r *arch.Registers) {
	mc := as.s[uc+ucMcontext:]
	for i, p := range gprs(r) {
		binary.LittleEndian.PutUint64(mc[8*i:], *p)
	}
	binary.LittleEndian.PutUint16(mc[scCS:], arch.UserCS)
	binary.LittleEndian.PutUint16(mc[scSS:], arch.UserDS)
	put64(as.s, stFS, r.Fs_base)
	put64(as.s, stGS, r.Gs_base)
}

func (as *addressSpace) readRegs(uc int, r *arch.Registers) {
	mc := as.s[uc+ucMcontext:]
	for i, p := range gprs(r) {
		*p = binary.LittleEndian.Uint64(mc[8*i:])
	}
	r.Cs = uint64(binary.LittleEndian.Uint16(mc[scCS:]))
	r.Ss = uint64(binary.LittleEndian.Uint16(mc[scSS:]))
	r.Fs_base = get64(as.s, stFS)
	r.Gs_base = get64(as.s, stGS)
	r.Orig_rax = ^uint64(0)
}

// frameXStateSize is the size of the XSAVE area the kernel put at fpstate
// (its software-reserved bytes say, when FP_XSTATE_MAGIC1 is there), or
// FPSize for a legacy FXSAVE-only frame. It is at most the host's size and
// checked to lie in the slot.
func (as *addressSpace) frameXStateSize(fp int) int {
	b := as.s[fp:]
	if binary.LittleEndian.Uint32(b[464:]) != fpXstateMagic1 {
		return arch.FPSize
	}
	n := int(binary.LittleEndian.Uint32(b[480:])) // xstate_size
	if n > arch.FPStateSize() {
		n = arch.FPStateSize()
	}
	if n < arch.FPSize+64 {
		return arch.FPSize
	}
	if _, ok := as.inSlot(uint64(as.p.lay.slot)+uint64(fp), n); !ok {
		return arch.FPSize
	}
	return n
}

// writeFP puts the FP state into the frame's fpstate: the FXSAVE part, and
// the extended XSAVE state where both have it, so that sigreturn loads it.
// The kernel's software-reserved bytes (464..511) stay as the kernel wrote
// them: they describe the frame's XSAVE layout.
func (as *addressSpace) writeFP(fp int, st *arch.State) {
	b := as.s[fp:]
	copy(b[:464], st.FP[:464])
	// MXCSR: reserved bits set would make sigreturn fail.
	m := binary.LittleEndian.Uint32(b[24:]) & 0xffff
	binary.LittleEndian.PutUint32(b[24:], m)
	if binary.LittleEndian.Uint32(b[464:]) != fpXstateMagic1 {
		return
	}
	n := as.frameXStateSize(fp)
	if x := st.XState; len(x) >= 64 && n > arch.FPSize {
		// The XSAVE header and components, as the platform that read them
		// laid them out (standard format), limited to what the frame holds
		// and to the features the kernel said the frame has.
		copy(b[arch.FPSize:n], x)
		feats := binary.LittleEndian.Uint64(b[472:])
		bv := binary.LittleEndian.Uint64(b[arch.FPSize:]) & feats
		binary.LittleEndian.PutUint64(b[arch.FPSize:], bv|3)
		return
	}
	bv := binary.LittleEndian.Uint64(b[arch.FPSize:])
	binary.LittleEndian.PutUint64(b[arch.FPSize:], bv|3)
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
	if as.dead || as.released {
		return platform.Trap{}, platform.ErrContextDead
	}
	uc, _, fp, ok := as.frame()
	if !ok {
		as.kill()
		return platform.Trap{}, platform.ErrContextDead
	}
	as.writeRegs(uc, &st.Regs)
	if st.FPValid && fp >= 0 {
		as.writeFP(fp, st)
		st.FPValid = false
		as.fpOwner = c
	}
	stw, death := word(as.s, stState), word(as.s, stDeath)
	as.followCPU()
	for {
		store(stw, stateRun)
		if load(word(as.s, stStubSleep)) != 0 {
			futexWake(stw)
		}
		v, err := waitChange(as.s, stateRun, death, as.death, time.Time{})
		if err != nil || v != stateTrapped {
			as.kill()
			return platform.Trap{}, platform.ErrContextDead
		}
		uc, si, _, ok := as.frame()
		if !ok || get64(as.s, stQErr) != 0 {
			// A bad frame, or a queued mmap/munmap failed: the stub's
			// address space is not what the sentry thinks it is.
			as.kill()
			return platform.Trap{}, platform.ErrContextDead
		}
		signo := unix.Signal(binary.LittleEndian.Uint32(as.s[si+siSigno:]))
		if signo == sigInterrupt {
			ai, ci := as.interrupt.Swap(false), c.interrupt.Swap(false)
			if !ai && !ci {
				continue // a stale interrupt: run on
			}
			as.readRegs(uc, &st.Regs)
			return platform.Trap{Kind: platform.TrapInterrupted}, nil
		}
		as.readRegs(uc, &st.Regs)
		code := int32(binary.LittleEndian.Uint32(as.s[si+siCode:]))
		addr := uintptr(get64(as.s, si+siAddr))
		if signo == unix.SIGSYS {
			// The kernel rolled rax back to the full 64-bit number
			// (si_syscall has only 32 bits of it).
			st.Regs.Orig_rax = st.Regs.Rax
			return platform.Trap{Kind: platform.TrapSyscall}, nil
		}
		t := platform.Trap{Kind: platform.TrapSignal, Signo: int(signo), Code: int(code), Addr: addr}
		if signo == unix.SIGSEGV && (code == segvMapErr || code == segvAccErr) {
			ec := get64(as.s, uc+ucMcontext+scErr)
			t.Kind = platform.TrapFault
			// A write to a read-only page not yet in the page table
			// faults as not present in hardware: the kernel's si_code
			// says whether a mapping was there.
			t.Present = code == segvAccErr
			switch {
			case ec&0x10 != 0 || t.Addr == st.IP():
				t.Access = platform.AccessType{Execute: true}
			case ec&2 != 0:
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

// SyncFP fills st.FP from the frame of the stub that holds the context's FP
// state.
func (c *context) SyncFP(st *arch.State) error {
	as := c.as.Load()
	if st.FPValid || as == nil {
		return nil
	}
	as.mu.Lock()
	defer as.mu.Unlock()
	if as.fpOwner != c || as.dead {
		return nil
	}
	_, _, fp, ok := as.frame()
	if !ok || fp < 0 {
		return platform.ErrContextDead
	}
	n := as.frameXStateSize(fp)
	st.SetFPBlob(append([]byte(nil), as.s[fp:fp+n]...))
	return nil
}

// Interrupt implements platform.Context: the interrupt signal makes the stub
// trap wherever it is, and the flag tells Switch it was ours.
func (c *context) Interrupt() {
	c.interrupt.Store(true)
	as := c.as.Load()
	if as == nil {
		return
	}
	as.interrupt.Store(true)
	as.sigMu.RLock()
	if pid := int(as.pidA.Load()); pid != 0 {
		unix.Tgkill(pid, pid, sigInterrupt)
	}
	as.sigMu.RUnlock()
}

// Release implements platform.Context.
func (c *context) Release() {}

// followCPU pins the stub to the CPU the calling thread runs on, once, and
// the thread too: the handshake's wake-ups are then local
// context switches instead of cross-CPU ones (the host may still move both).
func (as *addressSpace) followCPU() {
	if !pinCPU || as.cpu >= 0 {
		return // pinned already: the thread stays there with it
	}
	cpu := hostproc.CurrentCPU()
	if cpu < 0 {
		return
	}
	var set unix.CPUSet
	set.Set(cpu)
	if unix.SchedSetaffinity(as.pid, &set) == nil {
		as.cpu = cpu
	}
	unix.SchedSetaffinity(0, &set)
}

var _ platform.CPUClock = (*addressSpace)(nil)

// CPUTime implements platform.CPUClock: the stub process's CPU clock (the
// app code it ran, its signal handler and the address-space calls it made
// for the sentry included).
func (as *addressSpace) CPUTime() time.Duration {
	return hostproc.ProcessCPUTime(int(as.pidA.Load()))
}
