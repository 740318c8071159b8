#include "textflag.h"

// func RawClone(entry uintptr) (pid uintptr, errno uintptr)
//
// Forks the calling thread into a new process (clone with SIGCHLD). The child
// never returns into Go: it asks to be traced by this thread (PTRACE_TRACEME)
// and jumps to entry, the stub code, which unmaps everything of the sentry.
// The caller must have blocked all signals on this thread.
TEXT ·RawClone(SB),NOSPLIT,$0-24
	MOVQ entry+0(FP), R12
	MOVQ $56, AX   // SYS_clone
	MOVQ $17, DI   // SIGCHLD
	XORQ SI, SI
	XORQ DX, DX
	XORQ R10, R10
	XORQ R8, R8
	SYSCALL
	CMPQ AX, $0
	JEQ child
	CMPQ AX, $0xfffffffffffff001
	JCS ok
	NEGQ AX
	MOVQ $0, pid+8(FP)
	MOVQ AX, errno+16(FP)
	RET
ok:
	MOVQ AX, pid+8(FP)
	MOVQ $0, errno+16(FP)
	RET
child:
	// Die with the thread that forked us, before anything else: a stub
	// must never outlive the sentry, even one not yet stripped.
	MOVQ $157, AX  // SYS_prctl
	MOVQ $1, DI    // PR_SET_PDEATHSIG
	MOVQ $9, SI    // SIGKILL
	XORQ DX, DX
	XORQ R10, R10
	SYSCALL
	MOVQ $101, AX  // SYS_ptrace
	XORQ DI, DI    // PTRACE_TRACEME
	XORQ SI, SI
	XORQ DX, DX
	XORQ R10, R10
	SYSCALL
	CMPQ AX, $0
	JEQ traced
	// Not traced (say husk itself runs under strace -f, which took the
	// child first): exit, so the sentry's wait sees an exit and fails
	// cleanly instead of waiting forever for a stop it cannot see.
	MOVQ $231, AX  // SYS_exit_group
	MOVQ $127, DI
	SYSCALL
traced:
	JMP R12
