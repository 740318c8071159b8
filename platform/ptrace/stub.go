package ptrace

import (
	"encoding/binary"
	"fmt"

	"golang.org/x/sys/unix"
)

const (
	pageSize = 4096
	// taskSize is the end of the amd64 user address space (47 bits, less the
	// guard page Linux keeps).
	taskSize = 0x7ffffffff000
	// stubPages is the size of the stub in pages.
	stubPages = 1
	// stubPreferred is where the stub goes when that is free in the sentry:
	// the very top of the address space, so the app keeps everything below.
	stubPreferred = taskSize - stubPages*pageSize
)

// stubLayout is where the stub lives and what its code looks like.
type stubLayout struct {
	start, end  uintptr // [start, end): the stub's pages, the same in every stub process
	entry       uintptr // where a new child starts (the set-up code)
	syscallAddr uintptr // a `syscall; int3` pair used to run injected host calls
}

// asm is a tiny x86-64 assembler for the stub's few instructions.
type asm struct{ b []byte }

func (a *asm) u32(op byte, v uint32) {
	a.b = append(a.b, op)
	a.b = binary.LittleEndian.AppendUint32(a.b, v)
}
func (a *asm) movEAX(v uint32) { a.u32(0xb8, v) }
func (a *asm) movESI(v uint32) { a.u32(0xbe, v) }
func (a *asm) syscall()        { a.b = append(a.b, 0x0f, 0x05) }
func (a *asm) movEDIEAX()      { a.b = append(a.b, 0x89, 0xc7) }

// stubCode assembles the stub. The child jumps to it right after fork, with
// every signal blocked, and stops itself; the tracer then injects, at the
// `syscall; int3` loop, the calls that strip the child down to the stub (see
// forkStub).
//
//	kill(getpid(), SIGSTOP)
//	loop: syscall; int3; jmp loop
//
// Returns the code and the offset of the loop.
func stubCode() ([]byte, int) {
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

// mapStub maps the stub page into the sentry (so that forks inherit it) at the
// highest free place at or below stubPreferred, and fills it with code.
func mapStub() (stubLayout, error) {
	size := uintptr(stubPages * pageSize)
	for addr := uintptr(stubPreferred); addr > taskSize/2; addr -= 1 << 30 {
		b, err := mmapFixedNoReplace(addr, size)
		if err == unix.EEXIST {
			continue
		}
		if err != nil {
			return stubLayout{}, fmt.Errorf("mapping the ptrace stub at %#x: %w", addr, err)
		}
		code, loop := stubCode()
		copy(b, code)
		if err := unix.Mprotect(b, unix.PROT_READ|unix.PROT_EXEC); err != nil {
			return stubLayout{}, fmt.Errorf("protecting the ptrace stub: %w", err)
		}
		return stubLayout{start: addr, end: addr + size, entry: addr, syscallAddr: addr + uintptr(loop)}, nil
	}
	return stubLayout{}, fmt.Errorf("no free place for the ptrace stub below %#x", stubPreferred)
}
