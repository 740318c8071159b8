// rt_sigaction_ucontext: an SA_SIGINFO handler's ucontext has Linux's layout: REG_CR2 holds the faulting address of a SIGSEGV, REG_RIP the faulting instruction's address, fpregs points at the FP state (its MXCSR has the default masks), and the mask before the handler sits in uc_sigmask.
#include "../common.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>

static sigjmp_buf env;
static volatile unsigned long cr2, rip;
static volatile unsigned mxcsr;
static volatile int usr2_in_mask;

static void h(int sig, siginfo_t *si, void *p) {
  (void)sig; (void)si;
  ucontext_t *uc = p;
  cr2 = uc->uc_mcontext.gregs[REG_CR2];
  rip = uc->uc_mcontext.gregs[REG_RIP];
  mxcsr = uc->uc_mcontext.fpregs ? uc->uc_mcontext.fpregs->mxcsr : 0;
  usr2_in_mask = sigismember(&uc->uc_sigmask, SIGUSR2);
  siglongjmp(env, 1);
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = h;
  sa.sa_flags = SA_SIGINFO;
  CHECK_OK(sigaction(SIGSEGV, &sa, NULL));
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  CHECK_OK(sigprocmask(SIG_BLOCK, &s, NULL));
  char *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  if (sigsetjmp(env, 1) == 0) {
    *(volatile char *)(p + 100) = 1;
  }
  CHECK(cr2 == (unsigned long)(p + 100));
  CHECK(rip != 0);
  CHECK_EQ(mxcsr & 0x1f80, 0x1f80);
  CHECK_EQ(usr2_in_mask, 1);
  DONE();
}
