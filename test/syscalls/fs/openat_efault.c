// openat_efault: openat with an unmapped or kernel path pointer fails with EFAULT.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  CHECK_ERR(syscall(SYS_openat, AT_FDCWD, bad_ptr(), O_RDONLY), EFAULT);
  CHECK_ERR(syscall(SYS_openat, AT_FDCWD, kernel_ptr(), O_RDONLY), EFAULT);
  CHECK_ERR(syscall(SYS_open, bad_ptr(), O_RDONLY), EFAULT);
  DONE();
}
