// access_errors: a bad mode is EINVAL, a bad path pointer EFAULT, a relative path with a bad dirfd EBADF.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  CHECK_ERR(syscall(SYS_access, "/etc/passwd", 0x10), EINVAL);
  CHECK_ERR(syscall(SYS_faccessat, AT_FDCWD, "/etc/passwd", 0x10), EINVAL);
  CHECK_ERR(syscall(SYS_access, bad_ptr(), F_OK), EFAULT);
  CHECK_ERR(syscall(SYS_faccessat, -1, "passwd", F_OK), EBADF);
  DONE();
}
