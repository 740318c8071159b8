// Package vdso owns husk's vDSO: the shared object every app address space
// gets (built from vdso.c by gen.sh and embedded as vdso.so), the vvar page
// mapped right below it, and the clock both of them and the sentry's own
// time syscalls read: rdtsc turned into CLOCK_MONOTONIC, CLOCK_REALTIME and
// CLOCK_BOOTTIME (and their _COARSE twins) with parameters the sentry keeps
// close to the host's clocks.
//
// The vvar page and the image live in the memory file, allocated once per
// sandbox and shared read-only by every address space (the loader maps them
// at exec; see loader.VDSO). Only the updater goroutine writes the vvar
// page, under a seqcount; readers (the vDSO in app threads, Now in the
// sentry) retry while it changes. An update pivots at the TSC read inside
// its write window and starts from the old parameters' value there, so no
// reader sees a clock go backwards; the rate is then steered (at most
// maxSlew) to bring the clock back to the host's.
//
// It never calls the host except clock_gettime (through x/sys/unix, as the
// sentry's time syscalls do) and never trusts the app: the app can only read
// the pages. Until the TSC's rate is known (CPUID leaf 0x15, else measured
// against the host's clock in the background) the parameters are invalid
// and every reader falls back: the vDSO to the syscall instruction, Now to
// the host's clock.
//
// Lock order: VDSO.mu is a leaf (it serialises updates; readers take no lock).
package vdso

import (
	_ "embed"
	"errors"
	"sync"

	"husk/sentry/loader"
)

//go:generate sh gen.sh

// Image is the vDSO, built from vdso.c by gen.sh.
//
//go:embed vdso.so
var Image []byte

// pageSize is the app's page size.
const pageSize = 4096

// MemoryFile is the part of the memory file (sentry/mm) the vDSO needs.
type MemoryFile interface {
	// Allocate returns the offset of n contiguous zeroed pages.
	Allocate(n int) (int64, error)
	// Bytes returns the sentry's view of [off, off+n).
	Bytes(off int64, n int) []byte
}

// VDSO is one sandbox's vDSO: its pages in the memory file and its clock.
type VDSO struct {
	vvarOff, imageOff int64
	imagePages        int
	vv                *vvarPage

	mu  sync.Mutex
	st  steer
	tsc tscInfo
}

// New allocates the vvar page and the image in mf and copies the image in.
// The clock starts invalid; Start brings it up.
func New(mf MemoryFile) (*VDSO, error) {
	if len(Image) == 0 || len(Image) > 16*pageSize {
		return nil, errors.New("vdso: embedded image missing or too large")
	}
	pages := (len(Image) + pageSize - 1) / pageSize
	off, err := mf.Allocate(1 + pages)
	if err != nil {
		return nil, err
	}
	v := &VDSO{vvarOff: off, imageOff: off + pageSize, imagePages: pages}
	copy(mf.Bytes(v.imageOff, len(Image)), Image)
	v.vv = newVvarPage(mf.Bytes(off, pageSize))
	v.tsc = probeTSC()
	return v, nil
}

// Layout is what the loader maps at exec.
func (v *VDSO) Layout() *loader.VDSO {
	return &loader.VDSO{VvarOff: v.vvarOff, VvarPages: 1, ImageOff: v.imageOff, ImagePages: v.imagePages}
}
