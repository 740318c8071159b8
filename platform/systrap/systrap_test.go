package systrap

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"husk/platform"
	"husk/platform/platformtest"
	"husk/sentry/arch"
)

func TestConformance(t *testing.T) {
	platformtest.Run(t, func(mf platform.MemoryFile) (platform.Platform, error) { return New(mf) })
}

// Without FSGSBASE the stub keeps the fs and gs bases itself and sets them
// with arch_prctl.
func TestConformanceWithoutFSGSBase(t *testing.T) {
	useFSGSBase = false
	defer func() { useFSGSBase = true }()
	platformtest.Run(t, func(mf platform.MemoryFile) (platform.Platform, error) {
		p, err := New(mf)
		if err == nil && p.fsgsbase {
			t.Fatal("fsgsbase still in use")
		}
		return p, err
	})
}

// setupSpin makes a platform with one stub whose app spins at 0x400000.
func setupSpin(t *testing.T) (*Platform, *addressSpace, platform.Context, *arch.State) {
	p, as, ctx, st, _ := setupSpinFile(t)
	return p, as, ctx, st
}

// setupSpinFile is setupSpin that also returns the memory file.
func setupSpinFile(t *testing.T) (*Platform, *addressSpace, platform.Context, *arch.State, *platformtest.MemoryFile) {
	t.Helper()
	runtime.LockOSThread()
	t.Cleanup(runtime.UnlockOSThread)
	mf := platformtest.NewMemoryFile(t, 4*4096)
	copy(mf.Mem, []byte{0xeb, 0xfe})                                      // page 0: jmp .
	copy(mf.Mem[4096:], []byte{0x0f, 0x05, 0x48, 0x8b, 0x03, 0x0f, 0x05}) // page 1: syscall; mov rax, [rbx]; syscall
	p, err := New(mf)
	if err != nil {
		t.Fatal(err)
	}
	pas, err := p.NewAddressSpace()
	if err != nil {
		t.Fatal(err)
	}
	ctx, _ := p.NewContext()
	t.Cleanup(func() { ctx.Release(); pas.Release() })
	if err := pas.MapFile(0x400000, 4096, 0, platform.AccessType{Read: true, Execute: true}); err != nil {
		t.Fatal(err)
	}
	return p, pas.(*addressSpace), ctx, arch.NewState(0x400000, 0x7000), mf
}

// A stub killed from outside while it runs app code ends the Switch with
// ErrContextDead (the kernel flips its death word), and so does the next
// Switch.
func TestStubKilledWhileRunning(t *testing.T) {
	_, as, ctx, st := setupSpin(t)
	go func() {
		time.Sleep(50 * time.Millisecond)
		unix.Kill(as.pid, unix.SIGKILL)
	}()
	done := make(chan error, 1)
	go func() {
		_, err := ctx.Switch(as, st)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, platform.ErrContextDead) {
			t.Fatalf("Switch = %v, want ErrContextDead", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Switch hangs after its stub was killed")
	}
	if _, err := ctx.Switch(as, st); !errors.Is(err, platform.ErrContextDead) {
		t.Fatalf("second Switch = %v, want ErrContextDead", err)
	}
}

// A stub killed while stopped (between Switches) is seen dead by the next
// Switch and by address-space requests.
func TestStubKilledWhileStopped(t *testing.T) {
	_, as, ctx, st := setupSpin(t)
	unix.Kill(as.pid, unix.SIGKILL)
	done := make(chan error, 1)
	go func() {
		_, err := ctx.Switch(as, st)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, platform.ErrContextDead) {
			t.Fatalf("Switch = %v, want ErrContextDead", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Switch hangs after its stub was killed")
	}
	if err := as.MapFile(0x500000, 4096, 0, platform.Read); !errors.Is(err, platform.ErrContextDead) {
		t.Fatalf("MapFile on a dead stub = %v, want ErrContextDead", err)
	}
}

// Release from another goroutine ends a Switch in progress.
func TestReleaseWhileRunning(t *testing.T) {
	_, as, ctx, st := setupSpin(t)
	go func() {
		time.Sleep(50 * time.Millisecond)
		as.Release()
	}()
	if _, err := ctx.Switch(as, st); !errors.Is(err, platform.ErrContextDead) {
		t.Fatalf("Switch = %v, want ErrContextDead", err)
	}
}

// The app cannot make host syscalls of its own: the stub's own calls made
// from app code trap to the sentry like any other...
func TestStubCallsTrapFromApp(t *testing.T) {
	_, as, ctx, st := setupSpin(t)
	if err := as.MapFile(0x500000, 4096, 4096, platform.AccessType{Read: true, Execute: true}); err != nil {
		t.Fatal(err)
	}
	st.Regs.Rip = 0x500000
	st.Regs.Rax = unix.SYS_MUNMAP
	st.Regs.Rdi, st.Regs.Rsi = 0x400000, 4096
	st.Regs.Rbx = 0x400000
	if tr, err := ctx.Switch(as, st); err != nil || tr.Kind != platform.TrapSyscall || st.SyscallNo() != unix.SYS_MUNMAP {
		t.Fatalf("munmap from app code: trap %+v, err %v, nr %d; want a syscall trap", tr, err, st.SyscallNo())
	}
	// The page is still mapped: the app's load of it works.
	if tr, err := ctx.Switch(as, st); err != nil || tr.Kind != platform.TrapSyscall || st.SyscallNo() != 0xfeeb {
		t.Fatalf("load after the trapped munmap: trap %+v, err %v, rax %#x", tr, err, st.SyscallNo())
	}
}

// ...and a call off the stub's list made from the stub's code page (an app
// that jumps there) kills the stub.
func TestForbiddenCallFromStubPageKills(t *testing.T) {
	_, as, ctx, st := setupSpin(t)
	st.Regs.Rip = uint64(as.p.lay.syscallAddr)
	st.Regs.Rax = unix.SYS_GETPID
	if tr, err := ctx.Switch(as, st); !errors.Is(err, platform.ErrContextDead) {
		t.Fatalf("getpid from the stub page: trap %+v, err %v; want the stub killed", tr, err)
	}
}

// BenchmarkSyscall measures one app syscall round trip.
func BenchmarkSyscall(b *testing.B) {
	platformtest.BenchmarkSyscall(b, func(mf platform.MemoryFile) (platform.Platform, error) { return New(mf) })
}

// The master and the stubs run under seccomp filters (the master's own
// allowlist; the stub's on top of it).
func TestMasterAndStubFiltered(t *testing.T) {
	p, as, _, _ := setupSpin(t)
	for _, pid := range []int{p.master.pid, as.pid} {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "\nSeccomp:\t2\n") || !strings.Contains(string(b), "\nNoNewPrivs:\t1\n") {
			t.Errorf("pid %d is not under a seccomp filter with no_new_privs:\n%s", pid, b)
		}
	}
	want := "Seccomp_filters:\t2\n"
	if b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", as.pid)); !strings.Contains(string(b), want) {
		t.Errorf("stub %d: want %q in its status:\n%s", as.pid, want, b)
	}
}

// An app that clears the sentry's sleep flag in its own slot (so that its
// trap wakes no one) delays its own Switch by at most the recheck period:
// the sentry cannot be made to sleep forever.
func TestAppClearsSleepFlag(t *testing.T) {
	_, as, ctx, st, mf := setupSpinFile(t)
	code := []byte{
		0xb9, 0x00, 0x00, 0x00, 0x02, // mov ecx, 0x2000000
		0xff, 0xc9, // l: dec ecx
		0x75, 0xfc, // jnz l
		0xc7, 0x03, 0x00, 0x00, 0x00, 0x00, // mov dword [rbx], 0
		0x0f, 0x05, // syscall
	}
	copy(mf.Mem[2*4096:], code) // page 2 of the fixture's file is free
	if err := as.MapFile(0x600000, 4096, 2*4096, platform.AccessType{Read: true, Execute: true}); err != nil {
		t.Fatal(err)
	}
	st.Regs.Rip = 0x600000
	st.Regs.Rbx = uint64(as.p.lay.slot + stSentrySleep)
	start := time.Now()
	tr, err := ctx.Switch(as, st)
	if err != nil || tr.Kind != platform.TrapSyscall {
		t.Fatalf("trap %+v, err %v", tr, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Switch took %v", d)
	}
}

// BenchmarkNewStub measures making and releasing one address space (a stub
// cloned by the master, then killed and reaped).
func BenchmarkNewStub(b *testing.B) {
	mf := platformtest.NewMemoryFile(b, 4096)
	p, err := New(mf)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		as, err := p.NewAddressSpace()
		if err != nil {
			b.Fatal(err)
		}
		as.Release()
	}
}

// Close kills the master, and with it every stub: a Switch into one ends
// with ErrContextDead.
func TestClose(t *testing.T) {
	p, as, ctx, st := setupSpin(t)
	master := p.master.pid
	p.Close()
	if err := unix.Kill(master, 0); err != unix.ESRCH {
		t.Errorf("master %d after Close: kill(0) = %v, want ESRCH", master, err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := ctx.Switch(as, st)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, platform.ErrContextDead) {
			t.Fatalf("Switch after Close = %v, want ErrContextDead", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Switch hangs after Close")
	}
}

// More mappings than the stub's queue holds between two Switches all land,
// in order (the full queue is run as a request).
func TestQueueOverflow(t *testing.T) {
	_, as, ctx, _ := setupSpin(t)
	// Map page 1 (`syscall; mov rax, [rbx]; syscall`) at 2*qMax+3 places;
	// every other one is then unmapped again.
	n := 2*qMax + 3
	for i := 0; i < n; i++ {
		if err := as.MapFile(0x1000000+uintptr(i)*0x10000, 4096, 4096, platform.AccessType{Read: true, Execute: true}); err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 {
			as.Unmap(0x1000000+uintptr(i)*0x10000, 4096)
		}
	}
	for _, i := range []int{0, qMax, n - 1} {
		st := arch.NewState(0x1000000+uintptr(i)*0x10000, 0x7000)
		st.Regs.Rbx = uint64(0x1000000 + uintptr(i)*0x10000)
		if tr, err := ctx.Switch(as, st); err != nil || tr.Kind != platform.TrapSyscall {
			t.Fatalf("mapping %d: trap %+v err %v", i, tr, err)
		}
		if tr, err := ctx.Switch(as, st); err != nil || tr.Kind != platform.TrapSyscall || st.SyscallNo() != 0x050f038b48050f {
			t.Fatalf("mapping %d: load: trap %+v err %v rax %#x", i, tr, err, st.SyscallNo())
		}
	}
	st := arch.NewState(0x1000000+0x10000, 0x7000) // unmapped again
	if tr, err := ctx.Switch(as, st); err != nil || tr.Kind != platform.TrapFault {
		t.Fatalf("unmapped page: trap %+v err %v, want a fault", tr, err)
	}
}

// A queued call the host refuses leaves the stub's address space unknown:
// the next Switch kills it and reports ErrContextDead.
func TestQueuedCallFails(t *testing.T) {
	_, as, ctx, st := setupSpin(t)
	if err := as.MapFile(0x500000, 0, 0, platform.Read); err != nil { // mmap of length 0: EINVAL
		t.Fatal(err)
	}
	if tr, err := ctx.Switch(as, st); !errors.Is(err, platform.ErrContextDead) {
		t.Fatalf("Switch after a failed queued mmap: trap %+v err %v, want ErrContextDead", tr, err)
	}
}

// Address spaces after the first come from the spare stub, made in the
// background; a spare killed meanwhile is never handed out.
func TestSpareStubs(t *testing.T) {
	p, _, ctx, _ := setupSpin(t)
	spareOf := func() *addressSpace {
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			select {
			case as := <-p.spare:
				return as
			default:
				time.Sleep(time.Millisecond)
			}
		}
		t.Fatal("no spare stub within 10s")
		return nil
	}
	// Take the spare and kill it, then put it back as if never taken.
	as := spareOf()
	unix.Kill(as.pid, unix.SIGKILL)
	time.Sleep(50 * time.Millisecond)
	p.spare <- as
	for i := 0; i < 3; i++ {
		pas, err := p.NewAddressSpace()
		if err != nil {
			t.Fatal(err)
		}
		if pas.(*addressSpace) == as {
			t.Fatal("the killed spare was handed out")
		}
		if err := pas.MapFile(0x500000, 4096, 4096, platform.AccessType{Read: true, Execute: true}); err != nil {
			t.Fatal(err)
		}
		st := arch.NewState(0x500000, 0x7000)
		st.Regs.Rax = unix.SYS_GETPPID
		if tr, err := ctx.Switch(pas, st); err != nil || tr.Kind != platform.TrapSyscall || st.SyscallNo() != unix.SYS_GETPPID {
			t.Fatalf("address space %d: trap %+v err %v", i, tr, err)
		}
		pas.Release()
	}
}
