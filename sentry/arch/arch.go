// Package arch holds the amd64 register state of an app thread and the
// helpers to read syscall arguments from it and write results back.
//
// It owns no state beyond the values in State; it never calls the host.
package arch

import "golang.org/x/sys/unix"

// Registers is the general-purpose register file, laid out as the kernel's
// struct user_regs_struct.
type Registers = unix.PtraceRegs

// FPSize is the size of the legacy FXSAVE area, the part of the FP state
// that every platform must keep.
const FPSize = FXSaveSize

// State is an app thread's register state.
type State struct {
	Regs Registers
	// FP and XState are the thread's FP state in the XSAVE standard layout
	// (see fpu.go): FP is the legacy FXSAVE area (x87, SSE), XState the rest
	// (the XSAVE header and the extended components: AVX and later),
	// FPStateSize()-FPSize bytes, empty on a CPU without XSAVE. A platform
	// that moves only the FXSAVE area leaves XState alone. Both are only
	// meaningful when FPValid is set; platforms that keep the FP state in
	// the host thread (ptrace) fill them on demand (SyncFP).
	FP      [FPSize]byte
	XState  []byte
	FPValid bool
}

// Fork returns a copy of s that shares nothing with it.
func (s *State) Fork() *State {
	c := *s
	c.XState = append([]byte(nil), s.XState...)
	return &c
}

// FPBlob returns a copy of the whole FP state (FP then XState).
func (s *State) FPBlob() []byte {
	return append(append(make([]byte, 0, FPSize+len(s.XState)), s.FP[:]...), s.XState...)
}

// SetFPBlob sets the whole FP state from b (as FPBlob lays it out) and
// marks it valid.
func (s *State) SetFPBlob(b []byte) {
	copy(s.FP[:], b)
	if len(b) > FPSize {
		s.XState = append(s.XState[:0], b[FPSize:]...)
	} else {
		s.XState = nil
	}
	s.FPValid = true
}

// ResetFP puts the FP state in its initial state (sigreturn with no FP
// frame).
func (s *State) ResetFP() { s.SetFPBlob(newFPState()) }

// SyscallNo is the number of the syscall the thread trapped on.
func (s *State) SyscallNo() uintptr { return uintptr(s.Regs.Orig_rax) }

// SyscallArgs returns the six syscall arguments.
func (s *State) SyscallArgs() [6]uintptr {
	r := &s.Regs
	return [6]uintptr{uintptr(r.Rdi), uintptr(r.Rsi), uintptr(r.Rdx), uintptr(r.R10), uintptr(r.R8), uintptr(r.R9)}
}

// SetReturn sets the syscall return value.
func (s *State) SetReturn(v uintptr) { s.Regs.Rax = uint64(v) }

// IP and SP.
func (s *State) IP() uintptr      { return uintptr(s.Regs.Rip) }
func (s *State) SP() uintptr      { return uintptr(s.Regs.Rsp) }
func (s *State) SetIP(v uintptr)  { s.Regs.Rip = uint64(v) }
func (s *State) SetSP(v uintptr)  { s.Regs.Rsp = uint64(v) }
func (s *State) SetTLS(v uintptr) { s.Regs.Fs_base = uint64(v) }

// User-mode segment selectors on Linux amd64.
const (
	UserCS = 0x33
	UserDS = 0x2b
)

// NewState returns the state of a fresh thread that starts at ip with stack sp,
// as execve leaves it: all other registers zero, flags with IF set.
func NewState(ip, sp uintptr) *State {
	s := &State{}
	s.Regs.Rip = uint64(ip)
	s.Regs.Rsp = uint64(sp)
	s.Regs.Cs = UserCS
	s.Regs.Ss = UserDS
	s.Regs.Eflags = 0x202
	s.ResetFP()
	return s
}
