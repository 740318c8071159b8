#include "textflag.h"

// func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL sub+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv0() (lo, hi uint32)
TEXT ·xgetbv0(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	MOVL AX, lo+0(FP)
	MOVL DX, hi+4(FP)
	RET

// func fxsaveMXCSRMask(buf *[528]byte) uint32
TEXT ·fxsaveMXCSRMask(SB), NOSPLIT, $0-12
	MOVQ buf+0(FP), DI
	ADDQ $15, DI
	ANDQ $~15, DI
	FXSAVE64 (DI)
	MOVL 28(DI), AX
	MOVL AX, ret+8(FP)
	RET
