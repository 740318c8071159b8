// arch_prctl_set_fs: ARCH_SET_FS moves the thread pointer and back; a non-canonical address is EPERM; a bad code EINVAL.
#include "../common.h"
#include <asm/prctl.h>

static unsigned long fake_tcb[8];

int main(void) {
  unsigned long fs = 0, now = 0, word = 0;
  CHECK_EQ(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs), 0);
  fake_tcb[0] = 0x1234;
  /* No libc calls while %fs points at fake_tcb. */
  long r1 = syscall(SYS_arch_prctl, ARCH_SET_FS, (unsigned long)fake_tcb);
  __asm__ volatile("mov %%fs:0, %0" : "=r"(word));
  long r2 = syscall(SYS_arch_prctl, ARCH_SET_FS, fs);
  CHECK_EQ(r1, 0);
  CHECK_EQ(r2, 0);
  CHECK(word == 0x1234);
  CHECK_EQ(syscall(SYS_arch_prctl, ARCH_GET_FS, &now), 0);
  CHECK(now == fs);
  CHECK_ERR(syscall(SYS_arch_prctl, ARCH_SET_FS, 0xffff800000000000UL), EPERM);
  CHECK_ERR(syscall(SYS_arch_prctl, 0x9999, 0UL), EINVAL);
  CHECK_EQ(syscall(SYS_arch_prctl, ARCH_GET_FS, &now), 0);
  CHECK(now == fs);
  DONE();
}
