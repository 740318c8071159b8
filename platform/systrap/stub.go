package systrap

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"golang.org/x/sys/unix"

	"husk/platform/internal/hostproc"
)

const (
	pageSize = hostproc.PageSize
	taskSize = hostproc.TaskSize

	// slotSize is one stub's context slot in the context file: the control
	// words (below), then its signal stack. Slots are aligned to their size
	// in every stub so that the handler finds its slot from its stack
	// pointer (stub_amd64.s: SLOT_MASK).
	slotSize = 0x10000
	// altOff is where the signal stack starts in a slot.
	altOff = 0x1000
	// maxSlots bounds the stubs alive at once (the master's included). The
	// context file is that large but sparse.
	maxSlots = 1 << 14
	// codePages: the code page, then a read-only page with the filter.
	codePages = 2
	// areaSize is the stub area: one slot, then the code pages.
	areaSize = slotSize + codePages*pageSize
	// stubPreferred is where the stub area goes when that is free in the
	// sentry: the top of the address space, so the app keeps the rest.
	stubPreferred = (taskSize - areaSize) &^ (slotSize - 1)
)

// Slot layout (stub_amd64.s mirrors it).
const (
	stState       = 0x00 // uint32: the handshake word (state*)
	stDeath       = 0x04 // uint32: tid|FUTEX_WAITERS; the kernel flips it when the stub dies
	stTID         = 0x08 // uint32: the stub's host tid
	stSpin        = 0x0c // uint32: how long the stub spins before FUTEX_WAIT
	stNR          = 0x10 // request: syscall number
	stArgs        = 0x18 // request: six arguments
	stRet         = 0x48 // request: result
	stSiginfo     = 0x50 // the trap's siginfo (stub address)
	stUctx        = 0x58 // the trap's ucontext (stub address)
	stFS          = 0x60 // fs base: current at a trap, wanted at RUN
	stFSOld       = 0x68 // fs base the stub had at the trap
	stSigno       = 0x70 // uint32: the trap's signal
	stFSGSBase    = 0x74 // uint32: 1 if rdfsbase/wrfsbase may be used
	stChildOff    = 0x78 // master: the new stub's slot offset in the context file
	stCtxFD       = 0x80 // master: the context file's descriptor
	stRobust      = 0x88 // robust_list_head: next, futex_offset, pending
	stEntry       = 0xa0 // the robust list's one entry (next)
	stFProg       = 0xa8 // master: the stub filter's sock_fprog (stub address)
	stStubSleep   = 0xb0 // uint32: 1 while the stub sleeps (or is about to) on the handshake word
	stSentrySleep = 0xb4 // uint32: 1 while the sentry does
	stGS          = 0xb8 // gs base: current at a trap, wanted at RUN
	stGSOld       = 0xc0 // gs base the stub has
	stQCount      = 0xc8 // uint32: queued address-space calls
	stQErr        = 0xd0 // the first failed queued call's result (0: none)
	stQueue       = 0x400
	qEntry        = 64 // nr and six arguments
	qMax          = (altOff - stQueue) / qEntry
	// Scratch for the master's set-up (sigaction, sigaltstack, sigset).
	stScratch = 0x200
)

// States of the handshake word.
const (
	stateInit    = 0
	stateTrapped = 1 // stub -> sentry: stopped in the handler
	stateReq     = 2 // sentry -> stub: run the request
	stateDone    = 3 // stub -> sentry: request done
	stateRun     = 4 // sentry -> stub: return to the app
	stateFailed  = 5 // stub -> sentry: set-up failed (errno in stRet)
)

// The interrupt signal: Interrupt sends it; the handler traps it like any
// other and Switch reports TrapInterrupted.
const sigInterrupt = unix.SIGUSR2

// trapSignals are the signals the stub handles.
var trapSignals = []unix.Signal{unix.SIGSYS, unix.SIGSEGV, unix.SIGBUS, unix.SIGFPE, unix.SIGILL, unix.SIGTRAP, sigInterrupt}

// Offsets of the functions in the code page.
const (
	offStop     = 0x000 // hostproc.StopCode: the master's first stop and the injection loop
	offRestorer = 0x040
	offHandler  = 0x080
	offMaster   = 0x400
)

// layout is where the stub area lives, the same in the sentry and every stub.
type layout struct {
	start, end  uintptr // [start, end): slot, then code
	slot        uintptr // the slot's address in stubs (== start)
	code        uintptr // the code page
	data        uintptr // the filter page
	syscallAddr uintptr // the injection loop's `syscall; int3`
}

func stubAddrs() (restorer, handler, master uintptr)

// Declared so that vet knows they exist; they never run in the sentry.
func stubRestorer()
func stubHandler()
func stubMaster()

var endMarker = []byte("HUSKEND!")

// funcCode returns the bytes of an assembly function up to its end marker.
func funcCode(addr uintptr) ([]byte, error) {
	b := textBytes(addr, 2048)
	i := bytes.Index(b, endMarker)
	if i < 0 {
		return nil, fmt.Errorf("systrap: no end marker in stub function at %#x", addr)
	}
	return b[:i], nil
}

// stubCode assembles the code page. It returns the page and the offset of
// the injection loop.
func stubCode() ([]byte, int, error) {
	page := make([]byte, pageSize)
	for i := range page {
		page[i] = 0xcc
	}
	stop, loop := hostproc.StopCode()
	copy(page[offStop:], stop)
	restorer, handler, master := stubAddrs()
	parts := []struct {
		addr     uintptr
		off, max int
	}{
		{restorer, offRestorer, offHandler},
		{handler, offHandler, offMaster},
		{master, offMaster, pageSize},
	}
	if len(stop) > offRestorer {
		return nil, 0, fmt.Errorf("systrap: stop code too long")
	}
	for _, p := range parts {
		code, err := funcCode(p.addr)
		if err != nil {
			return nil, 0, err
		}
		if p.off+len(code) > p.max {
			return nil, 0, fmt.Errorf("systrap: stub function at %#x is %d bytes, room for %d", p.addr, len(code), p.max-p.off)
		}
		copy(page[p.off:], code)
	}
	return page, offStop + loop, nil
}

// BPF for the stub filter.
func stmt(code uint16, k uint32) unix.SockFilter { return unix.SockFilter{Code: code, K: k} }
func jump(code uint16, k uint32, jt, jf uint8) unix.SockFilter {
	return unix.SockFilter{Code: code, K: k, Jt: jt, Jf: jf}
}

const (
	bpfLdW  = unix.BPF_LD | unix.BPF_W | unix.BPF_ABS
	bpfJeq  = unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K
	bpfJge  = unix.BPF_JMP | unix.BPF_JGE | unix.BPF_K
	bpfRet  = unix.BPF_RET | unix.BPF_K
	retTrap = unix.SECCOMP_RET_TRAP

	retAllow = unix.SECCOMP_RET_ALLOW
	retKill  = unix.SECCOMP_RET_KILL_PROCESS

	auditArchX8664 = 0xc000003e
	archSetGS      = 0x1001
	archSetFS      = 0x1002
	archGetFS      = 0x1003
	archGetGS      = 0x1004
)

// argEq requires syscall argument i to equal v.
type argEq struct {
	i int
	v uint64
}

// rule allows syscall nr when all its args match; several rules for one
// number are alternatives.
type rule struct {
	nr   uint32
	args []argEq
}

// stubRules are the calls a stub makes from its code page: the handshake,
// rt_sigreturn, the address-space requests (only the memory file, shared and
// fixed) and fs base changes.
func stubRules(memfd int) []rule {
	return []rule{
		{nr: unix.SYS_FUTEX},
		{nr: unix.SYS_RT_SIGRETURN},
		{nr: unix.SYS_MUNMAP},
		{nr: unix.SYS_EXIT_GROUP},
		{nr: unix.SYS_EXIT},
		{nr: unix.SYS_ARCH_PRCTL, args: []argEq{{0, archSetFS}}},
		{nr: unix.SYS_ARCH_PRCTL, args: []argEq{{0, archSetGS}}},
		{nr: unix.SYS_MMAP, args: []argEq{{3, unix.MAP_SHARED | unix.MAP_FIXED}, {4, uint64(memfd)}}},
	}
}

// masterRules add what the master does: clone a stub (a plain fork), reap
// one, and the new stub's set-up before its own filter (its death signal,
// its slot of the context file, its fs and gs bases, its robust list, its
// tid, the filter).
func masterRules(memfd, ctxfd int) []rule {
	return append(stubRules(memfd),
		rule{nr: unix.SYS_MMAP, args: []argEq{{3, unix.MAP_SHARED | unix.MAP_FIXED}, {4, uint64(ctxfd)}}},
		rule{nr: unix.SYS_CLONE, args: []argEq{{0, uint64(unix.SIGCHLD)}}},
		rule{nr: unix.SYS_WAIT4},
		rule{nr: unix.SYS_ARCH_PRCTL, args: []argEq{{0, archGetFS}}},
		rule{nr: unix.SYS_ARCH_PRCTL, args: []argEq{{0, archGetGS}}},
		rule{nr: unix.SYS_PRCTL, args: []argEq{{0, unix.PR_SET_PDEATHSIG}}},
		rule{nr: unix.SYS_SET_ROBUST_LIST},
		rule{nr: unix.SYS_GETTID},
		rule{nr: unix.SYS_SECCOMP},
	)
}

// filter is a seccomp program for stub processes: every syscall made outside
// the code page traps (SIGSYS, to the handler); from inside it only rules'
// calls run; anything else kills the process.
func filter(code uintptr, rules []rule) []unix.SockFilter {
	hi, lo := uint32(code>>32), uint32(code)
	var p []unix.SockFilter
	p = append(p,
		stmt(bpfLdW, 12), // instruction_pointer, high half
		jump(bpfJeq, hi, 1, 0),
		stmt(bpfRet, retTrap),
		stmt(bpfLdW, 8), // low half
		jump(bpfJge, lo, 1, 0),
		stmt(bpfRet, retTrap),
		jump(bpfJge, lo+pageSize, 0, 1),
		stmt(bpfRet, retTrap),
		// From the stub's code.
		stmt(bpfLdW, 4),
		jump(bpfJeq, auditArchX8664, 1, 0),
		stmt(bpfRet, retKill),
	)
	for _, r := range rules {
		// ld nr; jeq nr; (ld arg low; jeq; ld arg high; jeq)*; ret allow.
		n := 2 + 4*len(r.args) + 1
		skip := func(at int) uint8 { return uint8(n - at - 1) }
		b := []unix.SockFilter{stmt(bpfLdW, 0), jump(bpfJeq, r.nr, 0, skip(1))}
		for _, a := range r.args {
			off := uint32(16 + 8*a.i)
			b = append(b, stmt(bpfLdW, off))
			b = append(b, jump(bpfJeq, uint32(a.v), 0, skip(len(b))))
			b = append(b, stmt(bpfLdW, off+4))
			b = append(b, jump(bpfJeq, uint32(a.v>>32), 0, skip(len(b))))
		}
		b = append(b, stmt(bpfRet, retAllow))
		p = append(p, b...)
	}
	return append(p, stmt(bpfRet, retKill))
}

// The filter page holds the stub filter's sock_fprog at 0 and the master
// filter's at masterProgOff, each followed by its instructions.
const masterProgOff = pageSize / 2

// filterPage lays out the filter page at data.
func filterPage(data uintptr, stub, master []unix.SockFilter) ([]byte, error) {
	b := make([]byte, pageSize)
	for _, f := range []struct {
		off  int
		prog []unix.SockFilter
	}{{0, stub}, {masterProgOff, master}} {
		if 16+8*len(f.prog) > pageSize/2 {
			return nil, fmt.Errorf("systrap: stub filter too long (%d instructions)", len(f.prog))
		}
		binary.LittleEndian.PutUint16(b[f.off:], uint16(len(f.prog)))
		binary.LittleEndian.PutUint64(b[f.off+8:], uint64(data)+uint64(f.off)+16)
		for i, ins := range f.prog {
			o := f.off + 16 + 8*i
			binary.LittleEndian.PutUint16(b[o:], ins.Code)
			b[o+2], b[o+3] = ins.Jt, ins.Jf
			binary.LittleEndian.PutUint32(b[o+4:], ins.K)
		}
	}
	return b, nil
}
