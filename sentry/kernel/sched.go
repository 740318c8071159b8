package kernel

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// CPU affinity: husk runs every app thread on the sandbox's CPUs whatever
// the mask says (the host schedules the stubs); sched_setaffinity's mask is
// kept, checked and reported back, as the app expects.

// NumCPU is the number of CPUs the sandbox reports.
func NumCPU() int { return runtime.NumCPU() }

// Affinity returns t's CPU mask as sched_getaffinity lays it out, size bytes
// long.
func (t *Task) Affinity(size int) []byte {
	b := make([]byte, size)
	t.mu.Lock()
	aff := t.affinity
	t.mu.Unlock()
	if aff != nil {
		copy(b, aff)
		return b
	}
	for i := 0; i < NumCPU() && i/8 < size; i++ {
		b[i/8] |= 1 << (i % 8)
	}
	return b
}

// SetAffinity sets t's CPU mask. The CPUs of mask beyond the sandbox's are
// dropped. Errors: EINVAL (no CPU of the sandbox in mask).
func (t *Task) SetAffinity(mask []byte) error {
	n := NumCPU()
	keep := make([]byte, (n+7)/8)
	any := false
	for i := 0; i < n && i/8 < len(mask); i++ {
		if mask[i/8]&(1<<(i%8)) != 0 {
			keep[i/8] |= 1 << (i % 8)
			any = true
		}
	}
	if !any {
		return unix.EINVAL
	}
	t.mu.Lock()
	t.affinity = keep
	t.mu.Unlock()
	return nil
}
