package kernel

import (
	"errors"
	"fmt"
	"runtime"
	"time"

	"go.uber.org/zap"
	"golang.org/x/sys/unix"

	"husk/platform"
	"husk/sentry/errno"
	"husk/sentry/mm"
)

// Run runs the task until its thread group exits and returns the wait status.
// It locks the calling goroutine to its OS thread for good: platforms such as
// ptrace bind the app thread to the host thread that traces it.
func (t *Task) Run() (unix.WaitStatus, error) {
	runtime.LockOSThread()
	ctx, err := t.K.Platform.NewContext()
	if err != nil {
		return 0, err
	}
	t.mu.Lock()
	t.ctx = ctx
	if t.start.IsZero() {
		t.start = time.Now()
	}
	t.mu.Unlock()
	t.view.SetInterrupt(ctx.Interrupt)
	t.startUsage(t.view.AddressSpace())
	defer ctx.Release()
	for !t.Exiting() {
		t.deliverSignals()
		t.waitWhileStopped()
		if t.Exiting() {
			break
		}
		t.view.Enter()
		trap, err := ctx.Switch(t.view.AddressSpace(), t.State)
		t.view.Exit()
		if err != nil {
			return 0, fmt.Errorf("task %d: platform: %w", t.TID, err)
		}
		switch trap.Kind {
		case platform.TrapSyscall:
			nr := t.State.SyscallNo()
			ret := t.K.Syscalls.Dispatch(t, nr, t.State.SyscallArgs())
			t.State.SetReturn(ret)
			switch e := errno.Errno(-int64(ret)); e {
			case errno.ERESTARTSYS, errno.ERESTARTNOINTR, errno.ERESTARTNOHAND, errno.ERESTART_RESTARTBLOCK:
				// rt_sigreturn returns the restored rax, which may look
				// like a restart code; it never is one.
				if nr != unix.SYS_RT_SIGRETURN {
					t.SetRestart(nr, e)
				}
			}
		case platform.TrapFault:
			if err := t.MM.HandleFaultIn(t.view, trap.Addr, trap.Access); err != nil {
				t.K.Log.Debug("fault", zap.Int32("tid", t.TID), zap.Uintptr("addr", trap.Addr),
					zap.Stringer("access", trap.Access), zap.Uintptr("rip", t.State.IP()), zap.Error(err))
				// A platform that names the access precisely (systrap)
				// faults once on a page not yet mapped into the view; the
				// mapping's presence decides the code, as in Linux.
				sig, code := unix.SIGSEGV, int32(1) // SEGV_MAPERR
				if trap.Present || errors.Is(err, mm.ErrAccessDenied) {
					code = 2 // SEGV_ACCERR
				}
				if err == mm.ErrBus {
					sig, code = unix.SIGBUS, 2 // BUS_ADRERR
				}
				si := NewSigInfo(sig, code)
				si.SetAddr(trap.Addr)
				t.ForceSignal(si)
			}
		case platform.TrapSignal:
			t.K.Log.Debug("synchronous signal", zap.Int32("tid", t.TID), zap.Int("signo", trap.Signo),
				zap.Uintptr("rip", t.State.IP()))
			si := NewSigInfo(unix.Signal(trap.Signo), int32(trap.Code))
			si.SetAddr(trap.Addr)
			t.ForceSignal(si)
		case platform.TrapInterrupted:
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.exitStatus, nil
}

// FatalSignal ends the thread group as the default action of sig does.
// (Handlers arrive with the signals work; until then every synchronous
// signal takes its default action.)
func (t *Task) FatalSignal(sig unix.Signal) {
	status := unix.WaitStatus(sig)
	switch sig {
	case unix.SIGSEGV, unix.SIGBUS, unix.SIGILL, unix.SIGFPE, unix.SIGTRAP, unix.SIGABRT, unix.SIGSYS, unix.SIGQUIT:
		if t.Rlimit(unix.RLIMIT_CORE).Cur != 0 {
			status |= 0x80
		}
	}
	t.ExitGroup(status)
}

// Interrupt kicks the task out of app code (sandbox exit, signals).
func (t *Task) Interrupt() {
	t.mu.Lock()
	ctx := t.ctx
	t.mu.Unlock()
	if ctx != nil {
		ctx.Interrupt()
	}
}
