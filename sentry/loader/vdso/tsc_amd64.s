#include "textflag.h"

// func rdtscOrdered() uint64
TEXT ·rdtscOrdered(SB),NOSPLIT,$0-8
	LFENCE
	RDTSC
	LFENCE
	SHLQ $32, DX
	ORQ DX, AX
	MOVQ AX, ret+0(FP)
	RET

// func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB),NOSPLIT,$0-24
	MOVL leaf+0(FP), AX
	MOVL sub+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func segmentCPU() uint32
TEXT ·segmentCPU(SB),NOSPLIT,$0-4
	MOVL $0x7b, AX
	XORL BX, BX
	LSLL AX, BX
	MOVL BX, ret+0(FP)
	RET
