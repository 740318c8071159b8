package vdso

// rdtscOrdered reads the TSC after every earlier instruction has completed
// and before any later one starts (LFENCE; RDTSC; LFENCE), like the vDSO.
func rdtscOrdered() uint64

// cpuid executes CPUID with EAX=leaf, ECX=sub.
func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)

// segmentCPU reads the limit of the host's per-CPU GDT segment (selector
// 0x7b): the CPU number in bits 0-11 and the NUMA node above, as the vDSO's
// getcpu does. It reads 0 where the segment does not exist.
func segmentCPU() uint32

// tscInfo is what CPUID says about the TSC.
type tscInfo struct {
	invariant bool    // CPUID 0x80000007 EDX bit 8: constant rate, runs in every C-state
	nsPerTick float64 // from CPUID leaf 0x15, 0 when it does not say
}

// probeTSC reads CPUID.
func probeTSC() tscInfo {
	var ti tscInfo
	if max, _, _, _ := cpuid(0x80000000, 0); max >= 0x80000007 {
		_, _, _, edx := cpuid(0x80000007, 0)
		ti.invariant = edx&(1<<8) != 0
	}
	if max, _, _, _ := cpuid(0, 0); max >= 0x15 {
		// TSC Hz = crystal Hz (ECX) * EBX / EAX; any of them 0: unknown.
		den, num, crystal, _ := cpuid(0x15, 0)
		if den != 0 && num != 0 && crystal != 0 {
			hz := float64(crystal) * float64(num) / float64(den)
			if hz > 1e8 && hz < 1e11 {
				ti.nsPerTick = 1e9 / hz
			}
		}
	}
	return ti
}

// Getcpu returns the host CPU and NUMA node the calling thread runs on, as
// the vDSO's getcpu reads them.
func Getcpu() (cpu, node uint32) {
	p := segmentCPU()
	return p & 0xfff, p >> 12
}
