// arch_prctl_get_fs: ARCH_GET_FS returns the thread pointer, which glibc's TCB points at itself (%fs:0).
#include "../common.h"
#include <asm/prctl.h>

int main(void) {
  unsigned long fs = 0, self;
  CHECK_EQ(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs), 0);
  CHECK(fs != 0);
  __asm__("mov %%fs:0, %0" : "=r"(self));
  CHECK(self == fs);
  unsigned long gs = 1;
  CHECK_EQ(syscall(SYS_arch_prctl, ARCH_GET_GS, &gs), 0);
  CHECK_EQ(gs, 0);
  CHECK_ERR(syscall(SYS_arch_prctl, ARCH_GET_FS, bad_ptr()), EFAULT);
  DONE();
}
