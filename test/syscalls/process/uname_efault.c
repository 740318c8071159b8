// uname_efault: uname into an unmapped or kernel buffer fails with EFAULT.
#include "../common.h"

int main(void) {
  CHECK_ERR(syscall(SYS_uname, bad_ptr()), EFAULT);
  CHECK_ERR(syscall(SYS_uname, kernel_ptr()), EFAULT);
  DONE();
}
