// Package systrap runs app code in stub processes without ptrace on the fast
// path: a seccomp filter in each stub turns every app syscall into SIGSYS
// (SECCOMP_RET_TRAP), and a small handler in the stub's code page hands the
// signal frame to the sentry through shared memory and waits on a futex.
//
// Processes. At New, before the sentry's own filter, a master stub is forked
// (hostproc: a traced bare child stripped to the stub area by injected
// calls), given its signal handlers, signal stack, mask, robust list and its
// own seccomp filter (masterRules) by more injected calls, and detached: from
// then on it only runs requests from its context slot. An address space is
// one stub, cloned by the master on request (so it inherits neither the
// sentry's filter, whose KILL would beat the stub's TRAP, nor a tracer): the
// child maps its own slot, registers its death word on its robust list,
// installs the stub filter (stubRules, stacked on the master's) and traps
// into the handler with int3. After the first address space a spare stub is
// kept ready (cloned in the background), and released stubs are reaped by
// the master in the background, so fork, execve and exit rarely wait for the
// master. Both filters trap every syscall made outside
// the stub's code page and kill on any call off their list made inside it.
//
// What an app can still do: jump into the code page and make the stub's own
// calls (futex, munmap, mmap of the memory file shared and fixed, fs/gs
// base changes, exit, rt_sigreturn) with its own arguments. Within one
// sandbox that reaches any page of the memory file, i.e. other app
// processes' memory; nothing outside the sandbox.
//
// CPU: a stub is pinned to the CPU its sentry thread first ran it on, and
// that thread too (as on ptrace); neither side spins. Under load on a small
// VM cross-CPU wake-ups cost tens of microseconds and spinning loses to other
// work; the pinned handshake costs two local context switches.
//
// Memory. The stub area at the top of every stub's address space (and of
// the sentry's, where the master was forked from) is one context slot (a
// 64 KiB piece of a sparse memfd, the context file, shared read-write with
// the sentry, which maps the whole file) and two code pages. A slot holds the
// handshake word, the death word, request arguments, and the signal stack:
// the kernel's signal frame (registers, FP/XSAVE state, siginfo) is written
// straight into shared memory, so the sentry reads and rewrites the app's
// registers in place and the stub's rt_sigreturn loads them.
//
// Handshake. Switch writes the registers into the frame, sets the word to RUN
// and wakes the stub; the stub returns into the app. Its next syscall, fault
// or interrupt signal enters the handler, which sets TRAPPED and wakes the
// sentry. Address-space changes (mmap of the memory file, munmap) are queued
// in the slot and run by the stub from its code page right before it returns
// to the app, so a page fault costs one handshake; a full queue, and the
// master's work, go as REQ/DONE requests. The sentry waits with
// futex_waitv on both the handshake word and the death word, which the kernel
// flips (FUTEX_OWNER_DIED) and wakes when the stub dies however it dies, so a
// killed stub never hangs the sentry.
//
// The app can write its own slot; the sentry treats everything in it as
// untrusted (offsets are checked, an unexpected state kills the stub, and the
// sentry re-reads the state every second in case the app cleared its wake-up
// flag).
//
// It never knows about tasks, files or syscalls.
//
// Lock order: addressSpace.mu, then master.mu, then Platform.slotsMu.
// addressSpace.sigMu is a leaf.
package systrap

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"husk/platform"
	"husk/platform/internal/hostproc"
)

// Platform is the systrap platform.
type Platform struct {
	memfd    int
	ctxfd    int
	ctx      []byte // the whole context file, mapped in the sentry
	lay      layout
	fsgsbase bool

	master struct {
		mu    sync.Mutex
		pid   int
		death uint32
	}

	slotsMu sync.Mutex
	free    []int
	next    int

	// closed releases the thread that forked the master (Close).
	closed chan struct{}

	// spare holds a stub made ahead of need; refilling is set while one is
	// being made.
	spare     chan *addressSpace
	refilling atomic.Bool
}

var _ platform.Platform = (*Platform)(nil)

// stubSpin and sentrySpin are how many times each side polls the handshake
// word before sleeping on it.
// Both are 0: the stub is pinned to its sentry thread's CPU (pinCPU), where
// a spinning side would only keep the other from running. On a 2-CPU VM
// shared with other work, cross-CPU wake-ups cost ~40 us and spinning on
// two CPUs lost to other load; a pinned handshake costs two local context
// switches.
var (
	stubSpin   uint32 = 0
	sentrySpin        = 0
	pinCPU            = true
)

// useFSGSBase lets the stub use rdfsbase/wrfsbase where the kernel allows
// them (tests turn it off to cover the arch_prctl path).
var useFSGSBase = true

// recheck bounds one futex sleep of the sentry: the app can write its own
// slot (clearing the sentry's sleep flag so that its next trap wakes no one),
// so the sentry re-reads the state at least this often and no thread can be
// made unkillable.
const recheck = time.Second

// New sets up the platform for the memory file mf: the context file, the stub
// area and the master stub. It must run before the sentry's seccomp filter is
// installed (it maps the stub area and forks and traces the master). The
// master lives as long as the calling process.
func New(mf platform.MemoryFile) (*Platform, error) {
	p := &Platform{memfd: mf.FD(), next: 1, spare: make(chan *addressSpace, 1)}
	if err := futexWaitvSupported(); err != nil {
		return nil, err
	}
	fd, err := unix.MemfdCreate("husk-systrap", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("systrap: context file: %w", err)
	}
	p.ctxfd = fd
	if err := unix.Ftruncate(fd, maxSlots*slotSize); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("systrap: sizing the context file: %w", err)
	}
	p.ctx, err = unix.Mmap(fd, 0, maxSlots*slotSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("systrap: mapping the context file: %w", err)
	}
	if aux, err := unix.Auxv(); err == nil {
		for _, kv := range aux {
			if kv[0] == 26 /* AT_HWCAP2 */ && kv[1]&2 /* HWCAP2_FSGSBASE */ != 0 {
				p.fsgsbase = useFSGSBase
			}
		}
	}
	if err := p.mapStub(); err != nil {
		p.Close()
		return nil, err
	}
	res := make(chan error)
	closed := make(chan struct{})
	p.closed = closed
	go func() {
		// The master dies with the thread that forked it (PDEATHSIG): keep
		// that thread until Close (for good in the sentry).
		runtime.LockOSThread()
		err := p.forkMaster()
		res <- err
		if err == nil {
			<-closed
		}
	}()
	if err := <-res; err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// Close undoes New (auto's fallback to another platform, tests): it kills
// and reaps the master (and so every stub: they die with it), unmaps the
// stub area and closes the context file. The platform is unusable
// afterwards; its address spaces report ErrContextDead. It must run before
// the sentry's filter, like New.
func (p *Platform) Close() {
	if pid := p.master.pid; pid != 0 {
		unix.Kill(pid, unix.SIGKILL) // a request in progress sees it die
		p.master.mu.Lock()
		hostproc.Wait4(pid)
		p.master.pid = 0
		p.master.mu.Unlock()
	}
	if p.closed != nil {
		close(p.closed)
		p.closed = nil
	}
	if p.lay.start != 0 {
		unix.Munmap(textBytes(p.lay.start, areaSize))
	}
	// The sentry's mapping of the context file stays (sparse, untouched
	// beyond the slots used): address spaces not yet released still read
	// their slots, and see their stubs dead.
	unix.Close(p.ctxfd)
}

// mapStub maps the stub area into the sentry at the highest free place at or
// below stubPreferred: slot 0 of the context file (the master's), then the
// code page and the filter page.
func (p *Platform) mapStub() error {
	for addr := uintptr(stubPreferred); addr > taskSize/2; addr -= 1 << 30 {
		slot, err := mmapFixedNoReplace(addr, slotSize, p.ctxfd, 0)
		if err == unix.EEXIST {
			continue
		}
		if err != nil {
			return fmt.Errorf("systrap: mapping the stub area at %#x: %w", addr, err)
		}
		code, err := mmapFixedNoReplace(addr+slotSize, codePages*pageSize, -1, 0)
		if err != nil {
			unix.Munmap(slot)
			if err == unix.EEXIST {
				continue
			}
			return fmt.Errorf("systrap: mapping the stub code at %#x: %w", addr+slotSize, err)
		}
		lay := layout{start: addr, end: addr + areaSize, slot: addr, code: addr + slotSize, data: addr + slotSize + pageSize}
		if lay.code>>32 != (lay.code+pageSize-1)>>32 {
			return fmt.Errorf("systrap: stub code at %#x crosses a 4 GiB boundary", lay.code)
		}
		page, loop, err := stubCode()
		if err != nil {
			return err
		}
		lay.syscallAddr = lay.code + uintptr(loop)
		copy(code, page)
		fpage, err := filterPage(lay.data, filter(lay.code, stubRules(p.memfd)), filter(lay.code, masterRules(p.memfd, p.ctxfd)))
		if err != nil {
			return err
		}
		copy(code[pageSize:], fpage)
		if err := unix.Mprotect(code[:pageSize], unix.PROT_READ|unix.PROT_EXEC); err != nil {
			return fmt.Errorf("systrap: protecting the stub code: %w", err)
		}
		if err := unix.Mprotect(code[pageSize:], unix.PROT_READ); err != nil {
			return fmt.Errorf("systrap: protecting the stub filter: %w", err)
		}
		p.lay = lay
		return nil
	}
	return fmt.Errorf("systrap: no free place for the stub area below %#x", uintptr(stubPreferred))
}

// slot returns slot i of the context file as the sentry sees it.
func (p *Platform) slot(i int) []byte { return p.ctx[i*slotSize : (i+1)*slotSize] }

func put64(b []byte, off int, v uint64) { binary.LittleEndian.PutUint64(b[off:], v) }
func get64(b []byte, off int) uint64    { return binary.LittleEndian.Uint64(b[off:]) }

// initSlot resets a slot's control words for a new stub.
func (p *Platform) initSlot(s []byte) {
	clear(s[:altOff])
	binary.LittleEndian.PutUint32(s[stSpin:], stubSpin)
	if p.fsgsbase {
		binary.LittleEndian.PutUint32(s[stFSGSBase:], 1)
	}
	// robust_list_head {next: &entry, futex_offset: death - entry, pending: 0};
	// entry {next: &head}.
	put64(s, stRobust, uint64(p.lay.slot+stEntry))
	off := int64(stDeath) - int64(stEntry)
	put64(s, stRobust+8, uint64(off))
	put64(s, stEntry, uint64(p.lay.slot+stRobust))
}

// forkMaster makes the master stub (on a thread that stays locked for good).
func (p *Platform) forkMaster() error {
	pid, err := hostproc.ForkTraced(p.lay.code + offStop)
	if err != nil {
		return fmt.Errorf("systrap: %w", err)
	}
	inject := func(nr uintptr, args ...uintptr) (uintptr, error) {
		return hostproc.Inject(pid, p.lay.syscallAddr, nr, args...)
	}
	fail := func(what string, err error) error {
		hostproc.Kill(pid)
		return fmt.Errorf("systrap: setting up the master stub: %s: %w", what, err)
	}
	if err := hostproc.Strip(pid, inject, p.lay.start, p.lay.end, p.memfd, p.ctxfd); err != nil {
		return fail("stripping", err)
	}
	s := p.slot(0)
	p.initSlot(s)
	base := p.lay.slot
	// stack_t at scratch, struct sigaction at +0x40, the mask at +0x80.
	const sc = stScratch
	put64(s, sc, uint64(base+altOff))
	put64(s, sc+16, slotSize-altOff)
	put64(s, sc+0x40, uint64(p.lay.code+offHandler))
	put64(s, sc+0x48, 0x4 /* SA_SIGINFO */ |0x08000000 /* SA_ONSTACK */ |0x04000000 /* SA_RESTORER */)
	put64(s, sc+0x50, uint64(p.lay.code+offRestorer))
	put64(s, sc+0x58, ^uint64(0))
	mask := ^uint64(0)
	for _, sig := range trapSignals {
		mask &^= 1 << (uint(sig) - 1)
	}
	put64(s, sc+0x80, mask)
	calls := [][]uintptr{
		{unix.SYS_PRCTL, unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0},
		{unix.SYS_SIGALTSTACK, base + sc, 0},
	}
	for _, sig := range trapSignals {
		calls = append(calls, []uintptr{unix.SYS_RT_SIGACTION, uintptr(sig), base + sc + 0x40, 0, 8})
	}
	calls = append(calls,
		[]uintptr{unix.SYS_RT_SIGPROCMASK, unix.SIG_SETMASK, base + sc + 0x80, 0, 8},
		[]uintptr{unix.SYS_SET_ROBUST_LIST, base + stRobust, 24},
		// Last: from here on the master (and every stub it clones) makes
		// only the calls of masterRules, from its code page.
		[]uintptr{unix.SYS_SECCOMP, 1 /* SECCOMP_SET_MODE_FILTER */, 4 /* SPEC_ALLOW */, p.lay.data + masterProgOff})
	for _, c := range calls {
		if _, err := inject(c[0], c[1:]...); err != nil {
			return fail(fmt.Sprintf("syscall %d", c[0]), err)
		}
	}
	binary.LittleEndian.PutUint32(s[stTID:], uint32(pid))
	p.master.death = uint32(pid) | 0x80000000
	binary.LittleEndian.PutUint32(s[stDeath:], p.master.death)
	put64(s, stCtxFD, uint64(p.ctxfd))
	put64(s, stFProg, uint64(p.lay.data))
	var r unix.PtraceRegs
	if err := hostproc.GetRegs(pid, &r); err != nil {
		return fail("registers", err)
	}
	r.Rip = uint64(p.lay.code + offMaster)
	r.R15 = uint64(base)
	r.Rsp = uint64(base + altOff)
	if err := hostproc.SetRegs(pid, &r); err != nil {
		return fail("registers", err)
	}
	if err := hostproc.Ptrace(unix.PTRACE_DETACH, pid, 0, 0); err != nil {
		return fail("detaching", err)
	}
	p.master.pid = pid
	return nil
}

var (
	errDead    = errors.New("systrap: stub died")
	errTimeout = errors.New("systrap: stub did not answer")
)

// waitChange waits until the state word of slot s differs from old and
// returns it. death (with its live value dv) is the stub's death word; nil
// while it is not set up yet, when deadline bounds the wait instead.
func waitChange(s []byte, old uint32, death *uint32, dv uint32, deadline time.Time) (uint32, error) {
	st := word(s, stState)
	for i := 0; i < sentrySpin; i++ {
		if v := load(st); v != old {
			return v, nil
		}
	}
	for {
		if v := load(st); v != old {
			return v, nil
		}
		if death != nil && load(death) != dv {
			return 0, errDead
		}
		// The XCHG of the flag and the stub's of the state word order the
		// two checks: either the stub sees the flag and wakes us, or we
		// see its new state here.
		sl := word(s, stSentrySleep)
		store(sl, 1)
		if v := load(st); v != old {
			store(sl, 0)
			return v, nil
		}
		d := deadline
		if d.IsZero() {
			d = time.Now().Add(recheck)
		}
		err := futexWait(st, old, death, dv, d)
		store(sl, 0)
		switch {
		case err == unix.ETIMEDOUT && !deadline.IsZero():
			return 0, errTimeout
		case err != nil && err != unix.ETIMEDOUT:
			return 0, fmt.Errorf("systrap: futex_waitv: %w", err)
		}
	}
}

// request runs a syscall in the stopped stub of slot s and returns its result.
func request(s []byte, dv uint32, nr uintptr, args ...uintptr) (uintptr, error) {
	put64(s, stNR, uint64(nr))
	for i := 0; i < 6; i++ {
		var a uintptr
		if i < len(args) {
			a = args[i]
		}
		put64(s, stArgs+8*i, uint64(a))
	}
	st := word(s, stState)
	store(st, stateReq)
	futexWake(st)
	v, err := waitChange(s, stateReq, word(s, stDeath), dv, time.Time{})
	if err != nil {
		return 0, err
	}
	if v != stateDone {
		return 0, fmt.Errorf("systrap: stub in state %d after a request", v)
	}
	ret := int64(get64(s, stRet))
	if ret < 0 && ret > -4096 {
		return 0, unix.Errno(-ret)
	}
	return uintptr(ret), nil
}

// masterRequest runs a request in the master.
func (p *Platform) masterRequest(nr uintptr, args ...uintptr) (uintptr, error) {
	r, err := request(p.slot(0), p.master.death, nr, args...)
	if err == errDead {
		return 0, fmt.Errorf("systrap: the master stub died")
	}
	return r, err
}

func (p *Platform) allocSlot() (int, error) {
	p.slotsMu.Lock()
	defer p.slotsMu.Unlock()
	if n := len(p.free); n > 0 {
		i := p.free[n-1]
		p.free = p.free[:n-1]
		return i, nil
	}
	if p.next >= maxSlots {
		return 0, fmt.Errorf("systrap: too many stubs (%d)", maxSlots)
	}
	p.next++
	return p.next - 1, nil
}

func (p *Platform) freeSlot(i int) {
	p.slotsMu.Lock()
	p.free = append(p.free, i)
	p.slotsMu.Unlock()
}

// newStub clones a stub from the master into a fresh slot and waits until it
// stopped in its handler.
func (p *Platform) newStub() (*addressSpace, error) {
	idx, err := p.allocSlot()
	if err != nil {
		return nil, err
	}
	s := p.slot(idx)
	p.initSlot(s)
	pid, err := p.cloneStub(idx)
	if err != nil {
		p.freeSlot(idx)
		return nil, err
	}
	as := &addressSpace{p: p, slotIdx: idx, s: s, pid: pid, death: load(word(s, stDeath)), cpu: -1}
	if as.death != uint32(pid)|0x80000000 {
		as.release()
		return nil, fmt.Errorf("systrap: new stub reports tid %d, not %d", as.death&^0x80000000, pid)
	}
	as.pidA.Store(int64(pid))
	return as, nil
}

// Probe checks that the platform works on this host: it makes one stub
// (which installs the stub filter and traps into its handler) and releases
// it.
func (p *Platform) Probe() error {
	as, err := p.newStub()
	if err != nil {
		return err
	}
	as.Release()
	return nil
}

// cloneStub asks the master for a stub over slot idx and waits until it
// stopped in its handler (the master is busy until then: the child reads its
// slot offset from the master's slot).
func (p *Platform) cloneStub(idx int) (int, error) {
	s := p.slot(idx)
	p.master.mu.Lock()
	defer p.master.mu.Unlock()
	put64(p.slot(0), stChildOff, uint64(idx*slotSize))
	r, err := p.masterRequest(unix.SYS_CLONE, uintptr(unix.SIGCHLD), 0, 0, 0, 0)
	if err != nil {
		return 0, fmt.Errorf("systrap: cloning a stub: %w", err)
	}
	v, err := waitChange(s, stateInit, nil, 0, time.Now().Add(10*time.Second))
	if err == nil && v != stateTrapped {
		err = fmt.Errorf("state %d", v)
		if v == stateFailed {
			err = unix.Errno(-int64(get64(s, stRet)))
		}
	}
	if err != nil {
		unix.Kill(int(r), unix.SIGKILL)
		p.masterRequest(unix.SYS_WAIT4, r, 0, unix.WALL, 0)
		return 0, fmt.Errorf("systrap: starting a stub: %w", err)
	}
	return int(r), nil
}

// Name implements platform.Platform.
func (*Platform) Name() string { return "systrap" }

// MinUserAddress implements platform.Platform.
func (*Platform) MinUserAddress() uintptr { return 0x10000 }

// MaxUserAddress implements platform.Platform: everything below the stub area.
func (p *Platform) MaxUserAddress() uintptr { return p.lay.start }

// NewAddressSpace implements platform.Platform: a new stub. After the first
// one, a spare is kept ready (cloned in the background), so that fork and
// execve do not wait for the master.
func (p *Platform) NewAddressSpace() (platform.AddressSpace, error) {
	select {
	case as := <-p.spare:
		p.refill()
		if load(word(as.s, stDeath)) == as.death && load(word(as.s, stState)) == stateTrapped {
			return as, nil
		}
		as.Release() // killed meanwhile
	default:
	}
	as, err := p.newStub()
	if err == nil {
		p.refill()
	}
	return as, err
}

// refill clones a spare stub in the background unless one is on its way.
func (p *Platform) refill() {
	if !p.refilling.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer p.refilling.Store(false)
		as, err := p.newStub()
		if err != nil {
			return
		}
		select {
		case p.spare <- as:
		default:
			as.Release()
		}
	}()
}

// NewContext implements platform.Platform.
func (p *Platform) NewContext() (platform.Context, error) { return &context{}, nil }

// addressSpace is one stub process.
type addressSpace struct {
	p       *Platform
	slotIdx int
	s       []byte // the stub's slot
	pid     int
	death   uint32 // the death word's live value

	// sigMu orders Interrupt's signal before Release's kill and reap, so
	// that no interrupt can reach a reused pid.
	sigMu sync.RWMutex
	pidA  atomic.Int64 // pid while the stub may be signalled; 0 after Release

	mu       sync.Mutex
	dead     bool
	released bool
	// interrupt is set by Interrupt and consumed by Switch.
	interrupt atomic.Bool
	// fpOwner is the context whose FP state the stub's frame holds.
	fpOwner *context
	// cpu is the host CPU the stub is pinned to (-1: not yet).
	cpu int
}

var _ platform.AddressSpace = (*addressSpace)(nil)

// req runs a request in the stub (as.mu held).
func (as *addressSpace) req(nr uintptr, args ...uintptr) (uintptr, error) {
	if as.dead || as.released {
		return 0, platform.ErrContextDead
	}
	r, err := request(as.s, as.death, nr, args...)
	if _, ok := err.(unix.Errno); err != nil && !ok {
		as.kill()
		return 0, platform.ErrContextDead
	}
	return r, err
}

// kill kills the stub (it is dead to the sentry from now on; as.mu held).
func (as *addressSpace) kill() {
	as.dead = true
	as.sigMu.RLock()
	if pid := int(as.pidA.Load()); pid != 0 {
		unix.Kill(pid, unix.SIGKILL)
	}
	as.sigMu.RUnlock()
}

// queue adds an address-space call to the stub's queue, which it runs
// before the app runs again (a fault then costs one handshake, not two); a
// full queue is run now, with the call, as a request. as.mu held; the stub
// is stopped.
func (as *addressSpace) queue(nr uintptr, args ...uintptr) error {
	if as.dead || as.released {
		return platform.ErrContextDead
	}
	n := binary.LittleEndian.Uint32(as.s[stQCount:])
	if n >= qMax {
		_, err := as.req(nr, args...)
		return err
	}
	e := stQueue + int(n)*qEntry
	put64(as.s, e, uint64(nr))
	for i := 0; i < 6; i++ {
		var a uintptr
		if i < len(args) {
			a = args[i]
		}
		put64(as.s, e+8+8*i, uint64(a))
	}
	binary.LittleEndian.PutUint32(as.s[stQCount:], n+1)
	return nil
}

// MapFile implements platform.AddressSpace. The mapping is queued: it is in
// place before the app runs again.
func (as *addressSpace) MapFile(addr, length uintptr, offset int64, at platform.AccessType) error {
	as.mu.Lock()
	defer as.mu.Unlock()
	if addr < as.p.MinUserAddress() || addr+length > as.p.lay.start || addr+length < addr {
		return unix.EINVAL
	}
	return as.queue(unix.SYS_MMAP, addr, length, uintptr(at.Prot()), unix.MAP_SHARED|unix.MAP_FIXED, uintptr(as.p.memfd), uintptr(offset))
}

// Unmap implements platform.AddressSpace. Like MapFile, it is queued: the
// pages are gone before the app runs again.
func (as *addressSpace) Unmap(addr, length uintptr) {
	as.mu.Lock()
	defer as.mu.Unlock()
	if addr+length > as.p.lay.start {
		if addr >= as.p.lay.start {
			return
		}
		length = as.p.lay.start - addr
	}
	as.queue(unix.SYS_MUNMAP, addr, length)
}

// Release implements platform.AddressSpace: the stub is killed, reaped by
// the master and its slot reused.
func (as *addressSpace) Release() {
	as.sigMu.Lock()
	pid := int(as.pidA.Swap(0))
	if pid != 0 {
		unix.Kill(pid, unix.SIGKILL) // a Switch in progress sees the death
	}
	as.sigMu.Unlock()
	as.mu.Lock()
	defer as.mu.Unlock()
	as.release()
}

// release reaps the killed stub and frees its slot (as.mu held or unshared).
func (as *addressSpace) release() {
	if as.released {
		return
	}
	as.released, as.dead = true, true
	unix.Kill(as.pid, unix.SIGKILL)
	// The master reaps it in the background (a thread's exit or execve
	// need not wait for that); the pid stays a zombie, never reused, until
	// then, and the slot is reused only after.
	go as.p.reap(as.pid, as.slotIdx)
}

// reap has the master wait for a killed stub, then frees its slot.
func (p *Platform) reap(pid, idx int) {
	p.master.mu.Lock()
	_, err := p.masterRequest(unix.SYS_WAIT4, uintptr(pid), 0, unix.WALL, 0)
	p.master.mu.Unlock()
	if err == nil {
		p.freeSlot(idx) // never reused while the stub might still run
	}
}
