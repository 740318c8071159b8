package arch

// cpuid runs CPUID with eax=leaf, ecx=sub.
func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)

// xgetbv0 reads XCR0 (the state components the OS enabled). The caller
// must have checked CPUID.1:ECX.OSXSAVE.
func xgetbv0() (lo, hi uint32)

// fxsaveMXCSRMask runs FXSAVE into buf (aligning it) and returns the
// MXCSR_MASK field.
func fxsaveMXCSRMask(buf *[528]byte) uint32
