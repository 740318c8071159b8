// rt_sigreturn_xstate_frame: a handler's ucontext has UC_FP_XSTATE among its flags and points at the full XSAVE state, 64-byte aligned right above the frame, with the FP_XSTATE_MAGIC1 sw bytes (extended size, XCR0's features, the CPUID 0xD xstate size), FP and SSE in XSTATE_BV and FP_XSTATE_MAGIC2 after the state; AT_MINSIGSTKSZ is what the host kernel gives.
#include "../common.h"
#include <cpuid.h>
#include <signal.h>
#include <sys/auxv.h>
#include <ucontext.h>

static unsigned char fp[16384];
static long fp_off, fp_align;
static unsigned long uc_flags;

/* The frame is gone once the handler returns: copy what it holds. */
static void handler(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)si;
  unsigned char *f = (unsigned char *)((ucontext_t *)uc)->uc_mcontext.fpregs;
  fp_off = (char *)f - (char *)uc;
  uc_flags = ((ucontext_t *)uc)->uc_flags;
  fp_align = (uintptr_t)f % 64;
  uint32_t sz;
  memcpy(&sz, f + 480, 4);
  memcpy(fp, f, sz + 4 <= sizeof fp ? sz + 4 : 512);
}

static uint64_t xgetbv0(void) {
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (uint64_t)hi << 32 | lo;
}

int main(void) {
  unsigned a, b, c, d;
  __cpuid(1, a, b, c, d);
  CHECK(c & (1u << 27)); /* OSXSAVE: the XSAVE frame exists */
  __cpuid_count(0xd, 0, a, b, c, d);
  unsigned xsize = b;
  uint64_t xcr0 = xgetbv0();
  printf("xstate size %u, features %#llx, AT_MINSIGSTKSZ %lu\n", xsize, (unsigned long long)xcr0,
         getauxval(AT_MINSIGSTKSZ));
  CHECK(getauxval(AT_MINSIGSTKSZ) >= xsize + 4 + 440); /* + sizeof(struct rt_sigframe) */

  struct sigaction sa = {0};
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
  CHECK_OK(raise(SIGUSR1));
  CHECK_EQ(uc_flags, 0x7); /* UC_FP_XSTATE | UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS */
  CHECK_EQ(fp_align, 0);
  CHECK_EQ(fp_off, 448);
  uint32_t magic1, ext, sz, magic2;
  uint64_t feat, bv, comp;
  memcpy(&magic1, fp + 464, 4);
  memcpy(&ext, fp + 468, 4);
  memcpy(&feat, fp + 472, 8);
  memcpy(&sz, fp + 480, 4);
  memcpy(&bv, fp + 512, 8);
  memcpy(&comp, fp + 520, 8);
  CHECK_EQ(magic1, 0x46505853);
  CHECK_EQ(sz, xsize);
  CHECK_EQ(ext, xsize + 4);
  CHECK_EQ(feat, xcr0);
  memcpy(&magic2, fp + sz, 4);
  CHECK_EQ(magic2, 0x46505845);
  CHECK((bv & 3) == 3);
  CHECK((bv & ~xcr0) == 0);
  CHECK_EQ(comp, 0);
  uint32_t mxcsr;
  memcpy(&mxcsr, fp + 24, 4);
  CHECK_EQ(mxcsr & 0xffff, 0x1f80);
  DONE();
}
