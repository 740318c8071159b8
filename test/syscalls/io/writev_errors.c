// writev_errors: writev with iovcnt < 0 or > IOV_MAX is EINVAL; a bad iovec array or base is EFAULT.
#include "../common.h"
#include <limits.h>
#include <sys/uio.h>

int main(void) {
  struct iovec iov[1] = {{"x", 1}};
  CHECK_ERR(syscall(SYS_writev, 1, iov, -1), EINVAL);
  CHECK_ERR(syscall(SYS_writev, 1, iov, IOV_MAX + 1), EINVAL);
  CHECK_ERR(writev(1, bad_ptr(), 1), EFAULT);
  struct iovec badbase[1] = {{bad_ptr(), 4}};
  CHECK_ERR(writev(1, badbase, 1), EFAULT);
  CHECK_ERR(writev(-1, iov, 1), EBADF);
  DONE();
}
