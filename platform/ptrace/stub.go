package ptrace

import (
	"fmt"

	"golang.org/x/sys/unix"

	"husk/platform/internal/hostproc"
)

const (
	pageSize = hostproc.PageSize
	taskSize = hostproc.TaskSize
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
		code, loop := hostproc.StopCode()
		copy(b, code)
		if err := unix.Mprotect(b, unix.PROT_READ|unix.PROT_EXEC); err != nil {
			return stubLayout{}, fmt.Errorf("protecting the ptrace stub: %w", err)
		}
		return stubLayout{start: addr, end: addr + size, entry: addr, syscallAddr: addr + uintptr(loop)}, nil
	}
	return stubLayout{}, fmt.Errorf("no free place for the ptrace stub below %#x", stubPreferred)
}
