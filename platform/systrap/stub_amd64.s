#include "textflag.h"

// The systrap stub's code. None of it runs in the sentry: mapStub copies each
// function into the stub code page, at the top of every stub's address space,
// and they run there. They use relative jumps only and find their context slot
// from a register (the master) or from the signal stack, which lies inside
// the slot (the handler). Offsets and states mirror stub.go.

#define ST_STATE 0x00
#define ST_DEATH 0x04
#define ST_TID 0x08
#define ST_SPIN 0x0c
#define ST_NR 0x10
#define ST_ARG0 0x18
#define ST_ARG1 0x20
#define ST_ARG2 0x28
#define ST_ARG3 0x30
#define ST_ARG4 0x38
#define ST_ARG5 0x40
#define ST_RET 0x48
#define ST_SIGINFO 0x50
#define ST_UCTX 0x58
#define ST_FS 0x60
#define ST_FSOLD 0x68
#define ST_SIGNO 0x70
#define ST_FSGSBASE 0x74
#define ST_CHILDOFF 0x78
#define ST_CTXFD 0x80
#define ST_ROBUST 0x88
#define ST_FPROG 0xa8
#define ST_STUBSLEEP 0xb0
#define ST_SENTRYSLEEP 0xb4
#define ST_GS 0xb8
#define ST_GSOLD 0xc0
#define ST_QCOUNT 0xc8
#define ST_QERR 0xd0
#define ST_QUEUE 0x400

#define STATE_TRAPPED 1
#define STATE_REQ 2
#define STATE_DONE 3
#define STATE_RUN 4
#define STATE_FAILED 5

#define SLOT_MASK $-65536
#define SLOT_SIZE $0x10000

// The end marker mapStub looks for ("HUSKEND!").
#define END BYTE $0x48; BYTE $0x55; BYTE $0x53; BYTE $0x4b; BYTE $0x45; BYTE $0x4e; BYTE $0x44; BYTE $0x21

// FUTEX_WAKE every waiter of the state word at BX (shared, not private: the
// sentry waits on it through its own mapping).
#define WAKE MOVQ BX, DI; MOVQ $1, SI; MOVQ $0x7fffffff, DX; MOVQ $202, AX; SYSCALL

// Runs the request in the slot at BX: ST_NR with ST_ARG0..5; result in AX.
#define REQUEST MOVQ ST_NR(BX), AX; MOVQ ST_ARG0(BX), DI; MOVQ ST_ARG1(BX), SI; MOVQ ST_ARG2(BX), DX; MOVQ ST_ARG3(BX), R10; MOVQ ST_ARG4(BX), R8; MOVQ ST_ARG5(BX), R9; SYSCALL

// stubRestorer is every handler's sa_restorer.
TEXT ·stubRestorer(SB),NOSPLIT|NOFRAME,$0-0
	MOVQ $15, AX // rt_sigreturn
	SYSCALL
	BYTE $0xcc // int3
	END

// stubHandler handles SIGSYS (an app syscall), the fault signals and the
// interrupt signal. It runs on the signal stack inside the stub's context
// slot: it publishes the frame's address and the thread's fs base, sets the
// state to TRAPPED, wakes the sentry and waits until the sentry says RUN
// (running REQ requests meanwhile), applies a changed fs base and returns
// into the restorer, which loads the (possibly rewritten) frame.
//
// DI: signo, SI: siginfo, DX: ucontext.
TEXT ·stubHandler(SB),NOSPLIT|NOFRAME,$0-0
	MOVQ SP, BX
	ANDQ SLOT_MASK, BX
	MOVL DI, ST_SIGNO(BX)
	MOVQ SI, ST_SIGINFO(BX)
	MOVQ DX, ST_UCTX(BX)
	// fs and gs bases: with FSGSBASE the app may have changed them itself
	// (wrfsbase); without it only the stub does, and ST_*OLD are current.
	CMPL ST_FSGSBASE(BX), $0
	JEQ cached
	BYTE $0xf3; BYTE $0x48; BYTE $0x0f; BYTE $0xae; BYTE $0xc0 // rdfsbase rax
	MOVQ AX, ST_FSOLD(BX)
	BYTE $0xf3; BYTE $0x48; BYTE $0x0f; BYTE $0xae; BYTE $0xc8 // rdgsbase rax
	MOVQ AX, ST_GSOLD(BX)
cached:
	MOVQ ST_FSOLD(BX), AX
	MOVQ AX, ST_FS(BX)
	MOVQ ST_GSOLD(BX), AX
	MOVQ AX, ST_GS(BX)
	MOVL $STATE_TRAPPED, CX
	XCHGL CX, ST_STATE(BX)
wake:
	// Wake the sentry only if it sleeps (it may be spinning). The XCHG
	// above and the sentry's on its sleep flag order the two checks.
	CMPL ST_SENTRYSLEEP(BX), $0
	JEQ wait
	WAKE
wait:
	MOVL ST_STATE(BX), AX
	CMPL AX, $STATE_RUN
	JEQ resume
	CMPL AX, $STATE_REQ
	JEQ req
	MOVL ST_SPIN(BX), CX
spin:
	TESTL CX, CX
	JEQ sleep
	PAUSE
	DECL CX
	CMPL ST_STATE(BX), AX
	JEQ spin
	JMP wait
sleep:
	MOVL $1, CX
	XCHGL CX, ST_STUBSLEEP(BX)
	CMPL ST_STATE(BX), AX
	JNE awake
	MOVL AX, DX      // FUTEX_WAIT while the word is still AX
	MOVQ BX, DI
	XORQ SI, SI
	XORQ R10, R10
	MOVQ $202, AX
	SYSCALL
awake:
	MOVL $0, ST_STUBSLEEP(BX)
	JMP wait
req:
	XORL R14, R14
	JMP drain
resume:
	MOVL $1, R14
	// Run the queued address-space calls (ST_QCOUNT entries of nr and six
	// arguments, 64 bytes each, at ST_QUEUE) in order; the first failure's
	// result goes to ST_QERR. Any register may be clobbered here:
	// rt_sigreturn restores the app's.
drain:
	MOVL ST_QCOUNT(BX), R12
	TESTL R12, R12
	JEQ drained
	LEAQ ST_QUEUE(BX), R13
qloop:
	MOVQ 0(R13), AX
	MOVQ 8(R13), DI
	MOVQ 16(R13), SI
	MOVQ 24(R13), DX
	MOVQ 32(R13), R10
	MOVQ 40(R13), R8
	MOVQ 48(R13), R9
	SYSCALL
	CMPQ AX, $-4095
	JCS qnext
	CMPQ ST_QERR(BX), $0
	JNE qnext
	MOVQ AX, ST_QERR(BX)
qnext:
	ADDQ $64, R13
	DECL R12
	JNE qloop
	MOVL $0, ST_QCOUNT(BX)
drained:
	TESTL R14, R14
	JEQ request
	// A queued call failed: do not run the app on an address space the
	// sentry does not know; trap back (the sentry sees ST_QERR).
	CMPQ ST_QERR(BX), $0
	JEQ resumed
	MOVL $STATE_TRAPPED, CX
	XCHGL CX, ST_STATE(BX)
	JMP wake
request:
	REQUEST
	MOVQ AX, ST_RET(BX)
	MOVL $STATE_DONE, CX
	XCHGL CX, ST_STATE(BX)
	JMP wake
resumed:
	MOVQ ST_FS(BX), SI
	CMPQ SI, ST_FSOLD(BX)
	JEQ fsok
	MOVQ SI, ST_FSOLD(BX)
	CMPL ST_FSGSBASE(BX), $0
	JEQ setfs
	BYTE $0xf3; BYTE $0x48; BYTE $0x0f; BYTE $0xae; BYTE $0xd6 // wrfsbase rsi
	JMP fsok
setfs:
	MOVQ $158, AX    // arch_prctl
	MOVQ $0x1002, DI // ARCH_SET_FS
	SYSCALL
fsok:
	MOVQ ST_GS(BX), SI
	CMPQ SI, ST_GSOLD(BX)
	JEQ done
	MOVQ SI, ST_GSOLD(BX)
	CMPL ST_FSGSBASE(BX), $0
	JEQ setgs
	BYTE $0xf3; BYTE $0x48; BYTE $0x0f; BYTE $0xae; BYTE $0xde // wrgsbase rsi
	JMP done
setgs:
	MOVQ $158, AX    // arch_prctl
	MOVQ $0x1001, DI // ARCH_SET_GS
	SYSCALL
done:
	RET
	END

// stubMaster is the master stub's loop (R15: its slot). It runs REQ
// requests; a clone request makes a new stub, whose child side maps its own
// slot (ST_CHILDOFF in the context file ST_CTXFD), registers its death word
// on the robust list, installs the stub filter (ST_FPROG) and traps into the
// handler with int3, where it waits for its first RUN.
TEXT ·stubMaster(SB),NOSPLIT|NOFRAME,$0-0
	MOVQ R15, BX
mwait:
	MOVL ST_STATE(BX), AX
	CMPL AX, $STATE_REQ
	JEQ mreq
	MOVL AX, DX
	MOVQ BX, DI
	XORQ SI, SI
	XORQ R10, R10
	MOVQ $202, AX
	SYSCALL
	JMP mwait
mreq:
	REQUEST
	CMPQ ST_NR(BX), $56 // clone
	JNE mdone
	TESTQ AX, AX
	JEQ child
mdone:
	MOVQ AX, ST_RET(BX)
	MOVL $STATE_DONE, CX
	XCHGL CX, ST_STATE(BX)
	WAKE
	JMP mwait
child:
	MOVQ ST_CHILDOFF(BX), R12
	MOVQ ST_CTXFD(BX), R13
	MOVQ ST_FPROG(BX), R14
	MOVQ $157, AX // prctl
	MOVQ $1, DI   // PR_SET_PDEATHSIG
	MOVQ $9, SI   // SIGKILL
	XORQ DX, DX
	XORQ R10, R10
	XORQ R8, R8
	SYSCALL
	MOVQ $9, AX // mmap(slot, SLOT_SIZE, RW, MAP_SHARED|MAP_FIXED, ctxfd, off)
	MOVQ BX, DI
	MOVQ SLOT_SIZE, SI
	MOVQ $3, DX
	MOVQ $0x11, R10
	MOVQ R13, R8
	MOVQ R12, R9
	SYSCALL
	CMPQ AX, BX
	JNE cdie
	MOVQ $273, AX // set_robust_list
	LEAQ ST_ROBUST(BX), DI
	MOVQ $24, SI
	SYSCALL
	TESTQ AX, AX
	JNE cfail
	MOVQ $158, AX    // arch_prctl(ARCH_GET_FS, &ST_FSOLD): the bases it has
	MOVQ $0x1003, DI
	LEAQ ST_FSOLD(BX), SI
	SYSCALL
	MOVQ $158, AX    // arch_prctl(ARCH_GET_GS, &ST_GSOLD)
	MOVQ $0x1004, DI
	LEAQ ST_GSOLD(BX), SI
	SYSCALL
	MOVQ $186, AX // gettid
	SYSCALL
	MOVL AX, ST_TID(BX)
	ORL $0x80000000, AX
	MOVL AX, ST_DEATH(BX)
	MOVQ $317, AX // seccomp(SECCOMP_SET_MODE_FILTER, SPEC_ALLOW, prog)
	MOVQ $1, DI
	MOVQ $4, SI
	MOVQ R14, DX
	SYSCALL
	TESTQ AX, AX
	JNE cfail
	BYTE $0xcc // int3: into the handler: TRAPPED, then the app's first RUN
cfail:
	MOVQ AX, ST_RET(BX)
	MOVL $STATE_FAILED, CX
	XCHGL CX, ST_STATE(BX)
	WAKE
cdie:
	MOVQ $231, AX // exit_group
	MOVQ $1, DI
	SYSCALL
	BYTE $0xcc // int3
	END

// func stubAddrs() (restorer, handler, master uintptr)
TEXT ·stubAddrs(SB),NOSPLIT,$0-24
	LEAQ ·stubRestorer(SB), AX
	MOVQ AX, restorer+0(FP)
	LEAQ ·stubHandler(SB), AX
	MOVQ AX, handler+8(FP)
	LEAQ ·stubMaster(SB), AX
	MOVQ AX, master+16(FP)
	RET
