// Package platformtest is the conformance suite every platform must pass: tiny
// machine-code apps that prove syscall round trips with registers preserved,
// fault addresses and access types, synchronous signals, and interruption
// from another goroutine.
//
// It owns only test fixtures (a small memory file); it never touches the
// sentry.
package platformtest

import (
	"encoding/binary"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"husk/platform"
	"husk/sentry/arch"
)

// MemoryFile is a small memfd mapped into the test process.
type MemoryFile struct {
	fd  int
	Mem []byte
}

// FD implements platform.MemoryFile.
func (m *MemoryFile) FD() int { return m.fd }

// NewMemoryFile makes a memory file of size bytes.
func NewMemoryFile(t testing.TB, size int) *MemoryFile {
	fd, err := unix.MemfdCreate("platformtest", unix.MFD_CLOEXEC)
	if err != nil {
		t.Fatalf("memfd_create: %v", err)
	}
	if err := unix.Ftruncate(fd, int64(size)); err != nil {
		t.Fatalf("ftruncate: %v", err)
	}
	mem, err := unix.Mmap(fd, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		t.Fatalf("mmap: %v", err)
	}
	t.Cleanup(func() { unix.Munmap(mem); unix.Close(fd) })
	return &MemoryFile{fd: fd, Mem: mem}
}

// Factory makes a platform over a memory file.
type Factory func(mf platform.MemoryFile) (platform.Platform, error)

const page = 4096

// Memory file layout used by the apps: page 0 code, page 1 data.
const (
	codeOff = 0
	dataOff = page
)

type fixture struct {
	t    *testing.T
	mf   *MemoryFile
	p    platform.Platform
	as   platform.AddressSpace
	ctx  platform.Context
	code uintptr // where the code page is mapped
	data uintptr // where the data page is mapped
}

func setup(t *testing.T, f Factory, code []byte) *fixture {
	runtime.LockOSThread()
	t.Cleanup(runtime.UnlockOSThread)
	mf := NewMemoryFile(t, 16*page)
	p, err := f(mf)
	if err != nil {
		t.Fatalf("platform: %v", err)
	}
	as, err := p.NewAddressSpace()
	if err != nil {
		t.Fatalf("NewAddressSpace: %v", err)
	}
	ctx, err := p.NewContext()
	if err != nil {
		t.Fatalf("NewContext: %v", err)
	}
	t.Cleanup(func() { ctx.Release(); as.Release() })
	fx := &fixture{t: t, mf: mf, p: p, as: as, ctx: ctx, code: 0x400000, data: 0x600000}
	copy(mf.Mem[codeOff:], code)
	if err := as.MapFile(fx.code, page, codeOff, platform.AccessType{Read: true, Execute: true}); err != nil {
		t.Fatalf("MapFile code: %v", err)
	}
	return fx
}

func (fx *fixture) switchOnce(st *arch.State) platform.Trap {
	fx.t.Helper()
	tr, err := fx.ctx.Switch(fx.as, st)
	if err != nil {
		fx.t.Fatalf("Switch: %v", err)
	}
	return tr
}

// Run runs the whole suite against the platform f makes.
func Run(t *testing.T, f Factory) {
	t.Run("SyscallRoundTrip", func(t *testing.T) { testSyscall(t, f) })
	t.Run("FPPreserved", func(t *testing.T) { testFP(t, f) })
	t.Run("YMMPreserved", func(t *testing.T) { testYMM(t, f) })
	t.Run("SegmentBases", func(t *testing.T) { testSegmentBases(t, f) })
	t.Run("FaultRead", func(t *testing.T) { testFaultRead(t, f) })
	t.Run("FaultWrite", func(t *testing.T) { testFaultWrite(t, f) })
	t.Run("FaultExec", func(t *testing.T) { testFaultExec(t, f) })
	t.Run("Signals", func(t *testing.T) { testSignals(t, f) })
	t.Run("Interrupt", func(t *testing.T) { testInterrupt(t, f) })
	t.Run("AddressRange", func(t *testing.T) { testAddressRange(t, f) })
	t.Run("Unmap", func(t *testing.T) { testUnmap(t, f) })
	t.Run("CPUClock", func(t *testing.T) { testCPUClock(t, f) })
}

// testCPUClock: an address space that keeps a CPU clock counts the app
// code that ran in it.
func testCPUClock(t *testing.T, f Factory) {
	// mov rcx, 100000000; loop: dec rcx; jnz loop; syscall
	fx := setup(t, f, cat([]byte{0x48, 0xc7, 0xc1, 0x00, 0xe1, 0xf5, 0x05, 0x48, 0xff, 0xc9, 0x75, 0xfb}, insSyscall))
	clock, ok := fx.as.(platform.CPUClock)
	if !ok {
		t.Skip("this platform's address spaces keep no CPU clock")
	}
	if c := clock.CPUTime(); c > 20*time.Millisecond {
		t.Errorf("CPU time before any app code = %v", c)
	}
	st := arch.NewState(fx.code, 0x7000)
	if tr := fx.switchOnce(st); tr.Kind != platform.TrapSyscall {
		t.Fatalf("trap = %v, want syscall", tr.Kind)
	}
	// 100M iterations take tens of milliseconds on any CPU.
	if c := clock.CPUTime(); c < 10*time.Millisecond {
		t.Errorf("CPU time after the loop = %v, want at least 10ms", c)
	}
}

var (
	insSyscall  = []byte{0x0f, 0x05}
	insLoadRBX  = []byte{0x48, 0x8b, 0x03}             // mov rax, [rbx]
	insStoreRBX = []byte{0x48, 0x89, 0x03}             // mov [rbx], rax
	insXMM0ToRA = []byte{0x66, 0x48, 0x0f, 0x7e, 0xc0} // movq rax, xmm0
	// vextractf128 xmm1, ymm0, 1; vmovq rax, xmm1: rax = bits 128..191 of ymm0.
	insYMM0HiToRA = []byte{0xc4, 0xe3, 0x7d, 0x19, 0xc1, 0x01, 0xc4, 0xe1, 0xf9, 0x7e, 0xc8}
	insUD2        = []byte{0x0f, 0x0b}
	insInt3       = []byte{0xcc}
	insDivRCX     = []byte{0x48, 0xf7, 0xf1} // div rcx
	insSpin       = []byte{0xeb, 0xfe}       // jmp .
)

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func testSyscall(t *testing.T, f Factory) {
	fx := setup(t, f, cat(insSyscall, insSyscall))
	st := arch.NewState(fx.code, 0x7000)
	r := &st.Regs
	r.Rax, r.Rbx, r.Rcx, r.Rdx = 39, 0x1111, 0x2222, 0x3333
	r.Rsi, r.Rdi, r.Rbp = 0x4444, 0x5555, 0x6666
	r.R8, r.R9, r.R10, r.R11 = 0x8888, 0x9999, 0xaaaa, 0xbbbb
	r.R12, r.R13, r.R14, r.R15 = 0xcccc, 0xdddd, 0xeeee, 0xffff
	r.Fs_base = 0x12345000
	want := *r
	tr := fx.switchOnce(st)
	if tr.Kind != platform.TrapSyscall {
		t.Fatalf("trap = %v, want syscall", tr.Kind)
	}
	if st.SyscallNo() != 39 {
		t.Errorf("syscall number = %d, want 39", st.SyscallNo())
	}
	if st.IP() != fx.code+2 {
		t.Errorf("rip = %#x, want %#x", st.IP(), fx.code+2)
	}
	checkPreserved(t, &want, &st.Regs)
	st.SetReturn(1000) // the app's next syscall is "number 1000"
	want = st.Regs
	tr = fx.switchOnce(st)
	if tr.Kind != platform.TrapSyscall || st.SyscallNo() != 1000 {
		t.Fatalf("second trap = %v nr %d, want syscall 1000", tr.Kind, st.SyscallNo())
	}
	checkPreserved(t, &want, &st.Regs)
}

// checkPreserved compares everything a syscall instruction does not clobber
// (rcx and r11 are; rax holds the number).
func checkPreserved(t *testing.T, want, got *arch.Registers) {
	t.Helper()
	type pair struct {
		name   string
		w, g   uint64
		ignore bool
	}
	for _, p := range []pair{
		{"rbx", want.Rbx, got.Rbx, false}, {"rdx", want.Rdx, got.Rdx, false},
		{"rsi", want.Rsi, got.Rsi, false}, {"rdi", want.Rdi, got.Rdi, false},
		{"rbp", want.Rbp, got.Rbp, false}, {"rsp", want.Rsp, got.Rsp, false},
		{"r8", want.R8, got.R8, false}, {"r9", want.R9, got.R9, false}, {"r10", want.R10, got.R10, false},
		{"r12", want.R12, got.R12, false}, {"r13", want.R13, got.R13, false},
		{"r14", want.R14, got.R14, false}, {"r15", want.R15, got.R15, false},
		{"fs_base", want.Fs_base, got.Fs_base, false},
	} {
		if p.w != p.g {
			t.Errorf("%s = %#x, want %#x", p.name, p.g, p.w)
		}
	}
}

// testYMM: the FP state is the whole XSAVE area, so AVX state beyond the
// FXSAVE image reaches the app and comes back.
func testYMM(t *testing.T, f Factory) {
	off, ok := arch.XSaveComponentOffset(2) // YMM_Hi128
	if !ok {
		t.Skip("no AVX state in this CPU's XSAVE area")
	}
	fx := setup(t, f, cat(insSyscall, insYMM0HiToRA, insSyscall))
	st := arch.NewState(fx.code, 0x7000)
	st.Regs.Rax = 39
	le := binary.LittleEndian
	off -= arch.FPSize                                      // in XState
	le.PutUint64(st.XState[0:], le.Uint64(st.XState[0:])|4) // XSTATE_BV: YMM in use
	le.PutUint64(st.XState[off:], 0x0123456789abcdef)
	if tr := fx.switchOnce(st); tr.Kind != platform.TrapSyscall {
		t.Fatalf("trap = %v, want syscall", tr.Kind)
	}
	if err := fx.ctx.SyncFP(st); err != nil {
		t.Fatalf("SyncFP: %v", err)
	}
	if got := le.Uint64(st.XState[off:]); got != 0x0123456789abcdef {
		t.Errorf("ymm0[128:192] after trap = %#x", got)
	}
	st.SetReturn(0)
	if tr := fx.switchOnce(st); tr.Kind != platform.TrapSyscall {
		t.Fatalf("trap = %v, want syscall", tr.Kind)
	}
	if st.SyscallNo() != 0x0123456789abcdef {
		t.Errorf("app read ymm0[128:192] = %#x, want 0x0123456789abcdef", st.SyscallNo())
	}
}

func testFP(t *testing.T, f Factory) {
	fx := setup(t, f, cat(insSyscall, insXMM0ToRA, insSyscall))
	st := arch.NewState(fx.code, 0x7000)
	st.Regs.Rax = 39
	binary.LittleEndian.PutUint64(st.FP[160:], 0xfeedface12345678) // xmm0
	if tr := fx.switchOnce(st); tr.Kind != platform.TrapSyscall {
		t.Fatalf("trap = %v, want syscall", tr.Kind)
	}
	// The FP state must survive the trap whether or not the sentry looked at it.
	if err := fx.ctx.SyncFP(st); err != nil {
		t.Fatalf("SyncFP: %v", err)
	}
	if got := binary.LittleEndian.Uint64(st.FP[160:]); got != 0xfeedface12345678 {
		t.Errorf("xmm0 after trap = %#x", got)
	}
	st.SetReturn(0)
	if tr := fx.switchOnce(st); tr.Kind != platform.TrapSyscall {
		t.Fatalf("trap = %v, want syscall", tr.Kind)
	}
	if st.SyscallNo() != 0xfeedface12345678 {
		t.Errorf("app read xmm0 = %#x, want 0xfeedface12345678", st.SyscallNo())
	}
}

// testSegmentBases checks that fs_base and gs_base are in effect in the app
// (not just carried in the registers): it loads through both.
func testSegmentBases(t *testing.T, f Factory) {
	fx := setup(t, f, cat(
		[]byte{0x64, 0x48, 0x8b, 0x04, 0x25, 0x08, 0x00, 0x00, 0x00}, // mov rax, fs:[8]
		insSyscall,
		[]byte{0x65, 0x48, 0x8b, 0x04, 0x25, 0x10, 0x00, 0x00, 0x00}, // mov rax, gs:[16]
		insSyscall))
	binary.LittleEndian.PutUint64(fx.mf.Mem[dataOff+8:], 0xf5f5)
	binary.LittleEndian.PutUint64(fx.mf.Mem[dataOff+0x100+16:], 0x6565)
	if err := fx.as.MapFile(fx.data, page, dataOff, platform.Read); err != nil {
		t.Fatal(err)
	}
	st := arch.NewState(fx.code, 0x7000)
	st.Regs.Fs_base = uint64(fx.data)
	st.Regs.Gs_base = uint64(fx.data + 0x100)
	if tr := fx.switchOnce(st); tr.Kind != platform.TrapSyscall || st.SyscallNo() != 0xf5f5 {
		t.Fatalf("load through fs: trap %+v, rax %#x, want 0xf5f5", tr, st.SyscallNo())
	}
	if st.Regs.Fs_base != uint64(fx.data) || st.Regs.Gs_base != uint64(fx.data+0x100) {
		t.Errorf("bases after the trap: fs %#x gs %#x", st.Regs.Fs_base, st.Regs.Gs_base)
	}
	if tr := fx.switchOnce(st); tr.Kind != platform.TrapSyscall || st.SyscallNo() != 0x6565 {
		t.Fatalf("load through gs: trap %+v, rax %#x, want 0x6565", tr, st.SyscallNo())
	}
	// A changed fs base takes effect at the next Switch.
	st.Regs.Fs_base = uint64(fx.data + 0x100 + 8)
	st.Regs.Rip = uint64(fx.code)
	if tr := fx.switchOnce(st); tr.Kind != platform.TrapSyscall || st.SyscallNo() != 0x6565 {
		t.Fatalf("load through the moved fs: trap %+v, rax %#x, want 0x6565", tr, st.SyscallNo())
	}
}

func testFaultRead(t *testing.T, f Factory) {
	fx := setup(t, f, cat(insLoadRBX, insSyscall))
	st := arch.NewState(fx.code, 0x7000)
	st.Regs.Rbx = uint64(fx.data + 8)
	tr := fx.switchOnce(st)
	if tr.Kind != platform.TrapFault || tr.Addr != fx.data+8 || tr.Present || !tr.Access.Read || tr.Access.Execute {
		t.Fatalf("trap = %+v, want read fault at %#x, not present", tr, fx.data+8)
	}
	if st.IP() != fx.code {
		t.Errorf("rip = %#x, want the faulting instruction %#x", st.IP(), fx.code)
	}
	binary.LittleEndian.PutUint64(fx.mf.Mem[dataOff+8:], 0xabcdef)
	if err := fx.as.MapFile(fx.data, page, dataOff, platform.Read); err != nil {
		t.Fatal(err)
	}
	tr = fx.switchOnce(st)
	if tr.Kind != platform.TrapSyscall || st.SyscallNo() != 0xabcdef {
		t.Fatalf("after mapping: trap %v, rax %#x; want syscall with the loaded value", tr.Kind, st.SyscallNo())
	}
}

func testFaultWrite(t *testing.T, f Factory) {
	fx := setup(t, f, cat(insStoreRBX, insSyscall))
	if err := fx.as.MapFile(fx.data, page, dataOff, platform.Read); err != nil {
		t.Fatal(err)
	}
	st := arch.NewState(fx.code, 0x7000)
	st.Regs.Rbx = uint64(fx.data + 16)
	st.Regs.Rax = 0x5151
	tr := fx.switchOnce(st)
	if tr.Kind != platform.TrapFault || tr.Addr != fx.data+16 || !tr.Present || !tr.Access.Write {
		t.Fatalf("trap = %+v, want write fault on a present page at %#x", tr, fx.data+16)
	}
	if err := fx.as.MapFile(fx.data, page, dataOff, platform.ReadWrite); err != nil {
		t.Fatal(err)
	}
	if tr := fx.switchOnce(st); tr.Kind != platform.TrapSyscall {
		t.Fatalf("after remapping writable: %v", tr.Kind)
	}
	if got := binary.LittleEndian.Uint64(fx.mf.Mem[dataOff+16:]); got != 0x5151 {
		t.Errorf("store landed as %#x in the memory file, want 0x5151", got)
	}
}

func testFaultExec(t *testing.T, f Factory) {
	fx := setup(t, f, insSyscall)
	st := arch.NewState(0x800000, 0x7000)
	tr := fx.switchOnce(st)
	if tr.Kind != platform.TrapFault || tr.Addr != 0x800000 || !tr.Access.Execute {
		t.Fatalf("trap = %+v, want exec fault at 0x800000", tr)
	}
	// Data mapped without execute does not run either.
	if err := fx.as.MapFile(fx.data, page, dataOff, platform.ReadWrite); err != nil {
		t.Fatal(err)
	}
	st = arch.NewState(fx.data, 0x7000)
	tr = fx.switchOnce(st)
	if tr.Kind != platform.TrapFault || tr.Addr != fx.data || !tr.Access.Execute {
		t.Fatalf("trap = %+v, want exec fault at %#x", tr, fx.data)
	}
}

func testSignals(t *testing.T, f Factory) {
	for _, c := range []struct {
		name string
		code []byte
		sig  unix.Signal
	}{
		{"ud2", insUD2, unix.SIGILL},
		{"int3", insInt3, unix.SIGTRAP},
		{"div0", insDivRCX, unix.SIGFPE},
	} {
		t.Run(c.name, func(t *testing.T) {
			fx := setup(t, f, c.code)
			st := arch.NewState(fx.code, 0x7000)
			tr := fx.switchOnce(st)
			if tr.Kind != platform.TrapSignal || tr.Signo != int(c.sig) {
				t.Fatalf("trap = %+v, want signal %v", tr, c.sig)
			}
		})
	}
}

func testInterrupt(t *testing.T, f Factory) {
	fx := setup(t, f, insSpin)
	st := arch.NewState(fx.code, 0x7000)
	done := make(chan struct{})
	go func() {
		select {
		case <-time.After(50 * time.Millisecond):
			fx.ctx.Interrupt()
		case <-done:
		}
	}()
	tr := fx.switchOnce(st)
	close(done)
	if tr.Kind != platform.TrapInterrupted {
		t.Fatalf("trap = %v, want interrupted", tr.Kind)
	}
	if st.IP() != fx.code {
		t.Errorf("rip = %#x, want the spin loop at %#x", st.IP(), fx.code)
	}
	// An Interrupt before Switch makes the next Switch return at once.
	fx.ctx.Interrupt()
	if tr := fx.switchOnce(st); tr.Kind != platform.TrapInterrupted {
		t.Fatalf("pre-interrupted switch = %v", tr.Kind)
	}
}

func testAddressRange(t *testing.T, f Factory) {
	fx := setup(t, f, cat(insLoadRBX, insSyscall))
	lo, hi := fx.p.MinUserAddress(), fx.p.MaxUserAddress()
	if lo >= hi || hi > 0x800000000000 {
		t.Fatalf("bad user range [%#x, %#x)", lo, hi)
	}
	for i, addr := range []uintptr{lo, hi - page} {
		binary.LittleEndian.PutUint64(fx.mf.Mem[dataOff+page*(i+1):], uint64(addr))
		if err := fx.as.MapFile(addr, page, int64(dataOff+page*(i+1)), platform.Read); err != nil {
			t.Fatalf("MapFile at %#x: %v", addr, err)
		}
		st := arch.NewState(fx.code, 0x7000)
		st.Regs.Rbx = uint64(addr)
		if tr := fx.switchOnce(st); tr.Kind != platform.TrapSyscall || st.SyscallNo() != addr {
			t.Fatalf("load at %#x: trap %+v rax %#x", addr, tr, st.SyscallNo())
		}
	}
	if err := fx.as.MapFile(hi, page, dataOff, platform.Read); err == nil {
		t.Errorf("MapFile at MaxUserAddress succeeded")
	}
}

func testUnmap(t *testing.T, f Factory) {
	fx := setup(t, f, cat(insLoadRBX, insSyscall))
	if err := fx.as.MapFile(fx.data, page, dataOff, platform.Read); err != nil {
		t.Fatal(err)
	}
	st := arch.NewState(fx.code, 0x7000)
	st.Regs.Rbx = uint64(fx.data)
	if tr := fx.switchOnce(st); tr.Kind != platform.TrapSyscall {
		t.Fatalf("mapped load: %v", tr.Kind)
	}
	fx.as.Unmap(fx.data, page)
	st = arch.NewState(fx.code, 0x7000)
	st.Regs.Rbx = uint64(fx.data)
	if tr := fx.switchOnce(st); tr.Kind != platform.TrapFault || tr.Addr != fx.data {
		t.Fatalf("load after unmap: %+v, want fault", tr)
	}
}

// BenchmarkSyscall measures one app syscall round trip on the platform f
// makes: the app traps on `syscall`, Switch returns, and the next Switch
// resumes it.
func BenchmarkSyscall(b *testing.B, f Factory) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	mf := NewMemoryFile(b, page)
	copy(mf.Mem, cat(insSyscall, []byte{0xeb, 0xfc})) // syscall; jmp back
	p, err := f(mf)
	if err != nil {
		b.Fatalf("platform: %v", err)
	}
	as, err := p.NewAddressSpace()
	if err != nil {
		b.Fatalf("NewAddressSpace: %v", err)
	}
	defer as.Release()
	ctx, err := p.NewContext()
	if err != nil {
		b.Fatalf("NewContext: %v", err)
	}
	defer ctx.Release()
	if err := as.MapFile(0x400000, page, 0, platform.AccessType{Read: true, Execute: true}); err != nil {
		b.Fatalf("MapFile: %v", err)
	}
	st := arch.NewState(0x400000, 0x7000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st.Regs.Rax = 110 // getppid
		if tr, err := ctx.Switch(as, st); err != nil || tr.Kind != platform.TrapSyscall {
			b.Fatalf("trap %+v, err %v", tr, err)
		}
	}
}
