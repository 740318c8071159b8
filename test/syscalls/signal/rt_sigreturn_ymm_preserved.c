// rt_sigreturn_ymm_preserved: the upper halves of YMM registers (AVX state beyond FXSAVE) survive a handler that clobbers them; a handler's edits to the frame's XMM and YMM state become the interrupted code's registers; a frame whose FP_XSTATE_MAGIC1 is broken restores only the legacy FXSAVE state (XMM kept, YMM upper halves reset); with AVX-512, ZMM16 and k1 survive too.
#include "../common.h"
#include <cpuid.h>
#include <signal.h>
#include <ucontext.h>

enum { KEEP, EDIT, BREAK_MAGIC };
static int mode;
static unsigned ymm_off, zmm_hi16_off, kmask_off;

static void handler(int sig, siginfo_t *si, void *ucv) {
  (void)sig;
  (void)si;
  __asm__ volatile("vpcmpeqd %%ymm0, %%ymm0, %%ymm0\n\t"
                   "vpcmpeqd %%ymm1, %%ymm1, %%ymm1\n\t"
                   "vpcmpeqd %%ymm2, %%ymm2, %%ymm2\n\t"
                   "vpcmpeqd %%ymm7, %%ymm7, %%ymm7\n\t"
                   "vpcmpeqd %%ymm15, %%ymm15, %%ymm15" ::: "xmm0", "xmm1", "xmm2", "xmm7", "xmm15");
  unsigned char *fp = (unsigned char *)((ucontext_t *)ucv)->uc_mcontext.fpregs;
  if (mode == EDIT) {
    uint64_t v = 0x1111222233334444ULL;
    memcpy(fp + 160 + 16 * 2, &v, 8);   /* xmm2 low quadword */
    memcpy(fp + ymm_off + 16 * 1, &v, 8); /* ymm1 bits 128..191 */
  } else if (mode == BREAK_MAGIC) {
    uint32_t bad = 0;
    memcpy(fp + 464, &bad, 4);
  }
}

/* run loads ymm0..15 from in, raises SIGUSR1 with the registers live,
 * and stores them to out. */
static void run(const uint64_t in[16][4], uint64_t out[16][4]) {
  long pid = getpid(), tid = syscall(SYS_gettid);
  __asm__ volatile(
#define L(n) "vmovdqu " #n "*32(%[in]), %%ymm" #n "\n\t"
      L(0) L(1) L(2) L(3) L(4) L(5) L(6) L(7) L(8) L(9) L(10) L(11) L(12) L(13) L(14) L(15)
#undef L
      "mov %[nr], %%rax\n\t"
      "mov %[pid], %%rdi\n\t"
      "mov %[tid], %%rsi\n\t"
      "mov %[sig], %%rdx\n\t"
      "syscall\n\t"
#define S(n) "vmovdqu %%ymm" #n ", " #n "*32(%[out])\n\t"
      S(0) S(1) S(2) S(3) S(4) S(5) S(6) S(7) S(8) S(9) S(10) S(11) S(12) S(13) S(14) S(15)
#undef S
      "vzeroupper"
      :
      : [in] "r"(in), [out] "r"(out), [nr] "i"(SYS_tgkill), [pid] "r"(pid), [tid] "r"(tid), [sig] "i"(SIGUSR1)
      : "rax", "rdi", "rsi", "rdx", "rcx", "r11", "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5",
        "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
}

__attribute__((target("avx512f"))) static void avx512(void) {
  static uint64_t in[8] = {1, 2, 3, 4, 5, 6, 7, 8}, out[8];
  uint64_t k = 0;
  long pid = getpid(), tid = syscall(SYS_gettid);
  __asm__ volatile("vmovdqu64 (%[in]), %%zmm16\n\t"
                   "mov $0x5a5a, %%eax\n\t"
                   "kmovw %%eax, %%k1\n\t"
                   "mov %[nr], %%rax\n\t"
                   "mov %[pid], %%rdi\n\t"
                   "mov %[tid], %%rsi\n\t"
                   "mov %[sig], %%rdx\n\t"
                   "syscall\n\t"
                   "vmovdqu64 %%zmm16, (%[out])\n\t"
                   "kmovw %%k1, %%eax\n\t"
                   "mov %%rax, %[k]\n\t"
                   "vzeroupper"
                   : [k] "=m"(k)
                   : [in] "r"(in), [out] "r"(out), [nr] "i"(SYS_tgkill), [pid] "r"(pid), [tid] "r"(tid),
                     [sig] "i"(SIGUSR1)
                   : "rax", "rdi", "rsi", "rdx", "rcx", "r11", "memory", "xmm16", "k1");
  CHECK(memcmp(in, out, sizeof in) == 0);
  CHECK_EQ(k & 0xffff, 0x5a5a);
}

int main(void) {
  unsigned a, b, c, d;
  __cpuid(1, a, b, c, d);
  CHECK(c & (1u << 28)); /* AVX: this test needs it */
  __cpuid_count(0xd, 2, a, b, c, d);
  ymm_off = b;
  static uint64_t in[16][4], out[16][4];
  for (int i = 0; i < 16; i++)
    for (int j = 0; j < 4; j++) in[i][j] = 0x0101010101010101ULL * (uint64_t)(i + 1) + (uint64_t)j;
  struct sigaction sa = {0};
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  CHECK_OK(sigaction(SIGUSR1, &sa, NULL));

  mode = KEEP;
  run(in, out);
  CHECK(memcmp(in, out, sizeof in) == 0);

  mode = EDIT;
  run(in, out);
  CHECK_EQ(out[2][0], 0x1111222233334444ULL);
  CHECK(out[2][1] == in[2][1] && out[2][2] == in[2][2]);
  CHECK_EQ(out[1][2], 0x1111222233334444ULL);
  CHECK(out[1][0] == in[1][0] && out[1][3] == in[1][3]);
  CHECK(memcmp(in[3], out[3], sizeof in[3]) == 0);

  mode = BREAK_MAGIC;
  run(in, out);
  int lower_kept = 1, upper_reset = 1;
  for (int i = 0; i < 16; i++) {
    lower_kept &= out[i][0] == in[i][0] && out[i][1] == in[i][1];
    upper_reset &= out[i][2] == 0 && out[i][3] == 0;
  }
  CHECK(lower_kept);
  CHECK(upper_reset);

  mode = KEEP;
  __cpuid_count(7, 0, a, b, c, d);
  if (b & (1u << 16)) { /* AVX-512F: machine-dependent, same natively and in husk */
    printf("avx512f present\n");
    avx512();
  }
  (void)zmm_hi16_off;
  (void)kmask_off;
  DONE();
}
