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
func (a *asm) movEDI(v uint32) { a.u32(0xbf, v) }
func (a *asm) movESI(v uint32) { a.u32(0xbe, v) }
func (a *asm) movRDI(v uint64) {
	a.b = append(a.b, 0x48, 0xbf)
	a.b = binary.LittleEndian.AppendUint64(a.b, v)
}
func (a *asm) movRSI(v uint64) {
	a.b = append(a.b, 0x48, 0xbe)
	a.b = binary.LittleEndian.AppendUint64(a.b, v)
}
func (a *asm) xorEDI()    { a.b = append(a.b, 0x31, 0xff) }
func (a *asm) xorEDX()    { a.b = append(a.b, 0x31, 0xd2) }
func (a *asm) syscall()   { a.b = append(a.b, 0x0f, 0x05) }
func (a *asm) movEDIEAX() { a.b = append(a.b, 0x89, 0xc7) }

// stubCode assembles the stub for a stub page at start, keeping only the
// memory file's descriptor memfd open. Returns the code and the offset of the
// `syscall; int3` loop.
//
// The child runs it right after fork with every signal blocked:
//
//	prctl(PR_SET_PDEATHSIG, SIGKILL)
//	munmap(0, start); munmap(end, taskSize-end)   // nothing of the sentry remains
//	close_range(0, memfd-1); close_range(memfd+1, ~0)
//	kill(getpid(), SIGSTOP)                       // the tracer takes over
//	loop: syscall; int3; jmp loop                 // injected host calls
func stubCode(start, end uintptr, memfd int) ([]byte, int) {
	var a asm
	a.movEAX(unix.SYS_PRCTL)
	a.movEDI(unix.PR_SET_PDEATHSIG)
	a.movESI(uint32(unix.SIGKILL))
	a.syscall()
	a.movEAX(unix.SYS_MUNMAP)
	a.xorEDI()
	a.movRSI(uint64(start))
	a.syscall()
	if end < taskSize {
		a.movEAX(unix.SYS_MUNMAP)
		a.movRDI(uint64(end))
		a.movRSI(uint64(taskSize - end))
		a.syscall()
	}
	if memfd > 0 {
		a.movEAX(unix.SYS_CLOSE_RANGE)
		a.xorEDI()
		a.movESI(uint32(memfd - 1))
		a.xorEDX()
		a.syscall()
	}
	a.movEAX(unix.SYS_CLOSE_RANGE)
	a.movEDI(uint32(memfd + 1))
	a.movESI(0xffffffff)
	a.xorEDX()
	a.syscall()
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
func mapStub(memfd int) (stubLayout, error) {
	size := uintptr(stubPages * pageSize)
	for addr := uintptr(stubPreferred); addr > taskSize/2; addr -= 1 << 30 {
		b, err := mmapFixedNoReplace(addr, size)
		if err == unix.EEXIST {
			continue
		}
		if err != nil {
			return stubLayout{}, fmt.Errorf("mapping the ptrace stub at %#x: %w", addr, err)
		}
		code, loop := stubCode(addr, addr+size, memfd)
		copy(b, code)
		if err := unix.Mprotect(b, unix.PROT_READ|unix.PROT_EXEC); err != nil {
			return stubLayout{}, fmt.Errorf("protecting the ptrace stub: %w", err)
		}
		return stubLayout{start: addr, end: addr + size, entry: addr, syscallAddr: addr + uintptr(loop)}, nil
	}
	return stubLayout{}, fmt.Errorf("no free place for the ptrace stub below %#x", stubPreferred)
}
