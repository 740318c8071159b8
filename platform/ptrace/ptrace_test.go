package ptrace

import (
	"testing"

	"husk/platform"
	"husk/platform/platformtest"
)

func TestConformance(t *testing.T) {
	platformtest.Run(t, func(mf platform.MemoryFile) (platform.Platform, error) { return New(mf) })
}

// BenchmarkSyscall measures one app syscall round trip.
func BenchmarkSyscall(b *testing.B) {
	platformtest.BenchmarkSyscall(b, func(mf platform.MemoryFile) (platform.Platform, error) { return New(mf) })
}
