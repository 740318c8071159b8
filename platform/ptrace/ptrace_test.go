package ptrace

import (
	"testing"

	"husk/platform"
	"husk/platform/platformtest"
)

func TestConformance(t *testing.T) {
	platformtest.Run(t, func(mf platform.MemoryFile) (platform.Platform, error) { return New(mf) })
}
