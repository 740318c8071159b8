// rt_sigaction_segv_handler: a SIGSEGV handler catches a write to an unmapped page with si_addr set and SEGV_MAPERR, and siglongjmp leaves it; a write to a read-only page gives SEGV_ACCERR; on the alternate stack when SA_ONSTACK asks.
#include "../common.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

static sigjmp_buf env;
static void *volatile fault_addr;
static volatile int fault_code, on_alt;
static char altstack[65536];

static void handler(int sig, siginfo_t *si, void *uc) {
  (void)sig; (void)uc;
  char here;
  fault_addr = si->si_addr;
  fault_code = si->si_code;
  on_alt = &here >= altstack && &here < altstack + sizeof altstack;
  siglongjmp(env, 1);
}

int main(void) {
  stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
  CHECK_OK(sigaltstack(&ss, NULL));
  struct sigaction sa = {0};
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  CHECK_OK(sigaction(SIGSEGV, &sa, NULL));
  char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  CHECK_OK(munmap(p + 4096, 4096));
  if (sigsetjmp(env, 1) == 0) {
    p[4096 + 8] = 1;
    CHECK(0);
  }
  CHECK(fault_addr == p + 4096 + 8);
  CHECK_EQ(fault_code, SEGV_MAPERR);
  CHECK_EQ(on_alt, 1);
  CHECK_OK(mprotect(p, 4096, PROT_READ));
  if (sigsetjmp(env, 1) == 0) {
    p[16] = 1;
    CHECK(0);
  }
  CHECK(fault_addr == p + 16);
  CHECK_EQ(fault_code, SEGV_ACCERR);
  DONE();
}
