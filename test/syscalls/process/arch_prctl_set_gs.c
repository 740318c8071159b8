// arch_prctl_set_gs: ARCH_SET_GS moves the gs base (a load through %gs sees it), ARCH_GET_GS reads it back, and it survives other syscalls.
#include "../common.h"
#include <asm/prctl.h>

static unsigned long area[8];

int main(void) {
  unsigned long gs = 1, now = 0, word = 0;
  CHECK_EQ(syscall(SYS_arch_prctl, ARCH_GET_GS, &gs), 0);
  area[2] = 0x5678;
  CHECK_EQ(syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)area), 0);
  CHECK_EQ(syscall(SYS_arch_prctl, ARCH_GET_GS, &now), 0);
  CHECK(now == (unsigned long)area);
  getppid(); /* another trip through the kernel */
  __asm__ volatile("mov %%gs:16, %0" : "=r"(word));
  CHECK(word == 0x5678);
  CHECK_ERR(syscall(SYS_arch_prctl, ARCH_SET_GS, 0xffff800000000000UL), EPERM);
  CHECK_EQ(syscall(SYS_arch_prctl, ARCH_SET_GS, gs), 0);
  CHECK_EQ(syscall(SYS_arch_prctl, ARCH_GET_GS, &now), 0);
  CHECK(now == gs);
  DONE();
}
