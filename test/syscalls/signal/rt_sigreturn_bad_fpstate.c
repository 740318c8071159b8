// rt_sigreturn_bad_fpstate: rt_sigreturn validates the FP state a handler leaves in its frame as XRSTOR would: reserved MXCSR bits, a non-zero XCOMP_BV, an XSTATE_BV bit outside XCR0 or an unreadable fpstate pointer kill with SIGSEGV; a NULL fpstate resets the FP state (MXCSR back to 0x1f80) and the program goes on.
#include "../common.h"
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>

enum { MXCSR_RESERVED, XCOMP_BV, BV_OUTSIDE, UNMAPPED, NULL_FP };
static int mode;

static void handler(int sig, siginfo_t *si, void *ucv) {
  (void)sig;
  (void)si;
  ucontext_t *uc = ucv;
  unsigned char *fp = (unsigned char *)uc->uc_mcontext.fpregs;
  uint32_t v32;
  uint64_t v64;
  switch (mode) {
  case MXCSR_RESERVED:
    memcpy(&v32, fp + 24, 4);
    v32 |= 1u << 31;
    memcpy(fp + 24, &v32, 4);
    break;
  case XCOMP_BV:
    v64 = 1;
    memcpy(fp + 520, &v64, 8);
    break;
  case BV_OUTSIDE:
    memcpy(&v64, fp + 512, 8);
    v64 |= 1ULL << 62;
    memcpy(fp + 512, &v64, 8);
    break;
  case UNMAPPED:
    uc->uc_mcontext.fpregs = bad_ptr();
    break;
  case NULL_FP:
    uc->uc_mcontext.fpregs = NULL;
    break;
  }
}

static int child(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, NULL);
  unsigned m = 0x1f80 | 0x6000; /* round toward zero */
  __asm__ volatile("ldmxcsr %0" ::"m"(m));
  raise(SIGUSR1);
  __asm__ volatile("stmxcsr %0" : "=m"(m));
  return m == 0x1f80 ? 7 : 8;
}

static void expect(int which, const char *name, int want_sig) {
  mode = which;
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) _exit(child());
  int st;
  waitpid(p, &st, 0);
  if (want_sig) {
    printf("%s: ", name);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
  } else {
    printf("%s: ", name);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
  }
}

int main(void) {
  expect(MXCSR_RESERVED, "mxcsr reserved bit", 1);
  expect(XCOMP_BV, "xcomp_bv", 1);
  expect(BV_OUTSIDE, "xstate_bv outside xcr0", 1);
  expect(UNMAPPED, "unmapped fpstate", 1);
  expect(NULL_FP, "null fpstate", 0);
  DONE();
}
