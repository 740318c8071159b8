// Package platform defines how the sentry runs application code: an AddressSpace
// maps ranges of the sandbox's memory file, and a Context runs app code in one
// until it traps, then says why (syscall, fault, signal, interrupt).
//
// It owns nothing but that contract. Implementations (ptrace, systrap, kvm) must
// never know about tasks, files or syscalls: they see registers, addresses and
// offsets into the memory file, nothing else.
//
// Lock order: none here; each implementation documents its own.
package platform

import (
	"errors"
	"time"

	"husk/sentry/arch"
)

// AccessType is a set of memory permissions.
type AccessType struct {
	Read, Write, Execute bool
}

// Common access types.
var (
	NoAccess  = AccessType{}
	Read      = AccessType{Read: true}
	ReadWrite = AccessType{Read: true, Write: true}
	AnyAccess = AccessType{Read: true, Write: true, Execute: true}
)

// Prot returns the PROT_* bits for at.
func (at AccessType) Prot() int {
	p := 0
	if at.Read {
		p |= 1
	}
	if at.Write {
		p |= 2
	}
	if at.Execute {
		p |= 4
	}
	return p
}

// String renders at like /proc/pid/maps does ("rwx", "r--").
func (at AccessType) String() string {
	b := []byte("---")
	if at.Read {
		b[0] = 'r'
	}
	if at.Write {
		b[1] = 'w'
	}
	if at.Execute {
		b[2] = 'x'
	}
	return string(b)
}

// Supersets reports whether at allows everything o allows.
func (at AccessType) Supersets(o AccessType) bool {
	return (at.Read || !o.Read) && (at.Write || !o.Write) && (at.Execute || !o.Execute)
}

// MemoryFile is the one file (a memfd) that holds all of a sandbox's app memory.
type MemoryFile interface {
	// FD is the host file descriptor of the memory file.
	FD() int
}

// Platform creates address spaces and contexts.
type Platform interface {
	// Name is the platform's name as --platform spells it.
	Name() string
	// MinUserAddress and MaxUserAddress bound the addresses app mappings may use:
	// [MinUserAddress, MaxUserAddress). Pages outside belong to the platform.
	MinUserAddress() uintptr
	MaxUserAddress() uintptr
	// NewAddressSpace returns an empty address space. Errors are host failures
	// (e.g. the stub process could not be made).
	NewAddressSpace() (AddressSpace, error)
	// NewContext returns a context for one app thread.
	NewContext() (Context, error)
}

// AddressSpace maps ranges of the memory file at app addresses.
//
// Methods may be called from any goroutine, but not concurrently with a Switch
// into the same address space that the caller relies on seeing the change
// (the sentry's mm serialises that).
type AddressSpace interface {
	// MapFile maps [addr, addr+length) to the memory file at [offset,
	// offset+length) with access at, replacing whatever was mapped there.
	// addr, length and offset are page-aligned; the range lies inside
	// [MinUserAddress, MaxUserAddress).
	MapFile(addr, length uintptr, offset int64, at AccessType) error
	// Unmap removes [addr, addr+length); unmapped pages fault on access.
	Unmap(addr, length uintptr)
	// Release frees the address space; it is unusable afterwards.
	Release()
}

// CPUClock is implemented by address spaces that can tell how much CPU time
// app code has used in them (the sentry's user time for getrusage and the
// CPU clocks; a platform without it reports none).
type CPUClock interface {
	// CPUTime is the CPU time app code used in the address space so far:
	// zero before any ran and after Release. Safe from any goroutine.
	CPUTime() time.Duration
}

// TrapKind says why Switch returned.
type TrapKind int

const (
	// TrapSyscall: the app executed a syscall instruction; Regs.Orig_rax holds
	// the number and RIP points after the instruction. The syscall did not run.
	TrapSyscall TrapKind = iota + 1
	// TrapFault: a page fault at Trap.Addr that the platform could not satisfy.
	TrapFault
	// TrapSignal: the app raised a synchronous signal other than a fault
	// (SIGILL, SIGFPE, SIGTRAP, SIGBUS, SIGSEGV not caused by a page fault).
	TrapSignal
	// TrapInterrupted: Interrupt was called; the app is stopped at a clean point.
	TrapInterrupted
)

func (k TrapKind) String() string {
	switch k {
	case TrapSyscall:
		return "syscall"
	case TrapFault:
		return "fault"
	case TrapSignal:
		return "signal"
	case TrapInterrupted:
		return "interrupted"
	}
	return "unknown"
}

// Trap describes why app code stopped.
type Trap struct {
	Kind TrapKind
	// Signo and Code are the host signal and si_code for TrapFault and TrapSignal.
	Signo int
	Code  int
	// Addr is the faulting address for TrapFault (si_addr for TrapSignal).
	Addr uintptr
	// Access is what the faulting access needed, as precisely as the platform
	// can tell; a platform that cannot tell reports Read for a missing page and
	// Write for a present read-only page (Execute whenever Addr == RIP).
	Access AccessType
	// Present is true if the fault was a protection fault on a mapped page.
	Present bool
}

// ErrContextDead is returned by Switch when the host side of the context is
// gone (the stub was killed from outside).
var ErrContextDead = errors.New("platform: context dead")

// Context runs app code.
type Context interface {
	// Switch runs the app with the given register state in as until it traps,
	// then updates st and returns why. The calling goroutine must stay the
	// same for a context's whole life (implementations may lock it to its OS
	// thread); it must not be called concurrently for one Context.
	Switch(as AddressSpace, st *arch.State) (Trap, error)
	// SyncFP makes st.FP and st.XState hold the thread's current FP state
	// (FPValid set), for platforms that keep it in the host between
	// Switches. Together they are the whole XSAVE area in the standard
	// layout (arch.FPStateSize bytes), so AVX and later state is kept, not
	// only the FXSAVE part; a Switch with FPValid set loads all of it. A
	// platform that can move only the FXSAVE area fills and loads st.FP.
	SyncFP(st *arch.State) error
	// Interrupt makes a Switch in progress (or the next one) return
	// TrapInterrupted soon. Safe from any goroutine.
	Interrupt()
	// Release frees the context.
	Release()
}
