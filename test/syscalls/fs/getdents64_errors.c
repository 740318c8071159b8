// getdents64_errors: on a file ENOTDIR, on -1 EBADF, with a too small buffer EINVAL, into a bad buffer EFAULT.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  char buf[512];
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK_ERR(syscall(SYS_getdents64, fd, buf, sizeof buf), ENOTDIR);
  CHECK_ERR(syscall(SYS_getdents64, -1, buf, sizeof buf), EBADF);
  int dfd = open("/etc", O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK_ERR(syscall(SYS_getdents64, dfd, buf, 1), EINVAL);
  CHECK_ERR(syscall(SYS_getdents64, dfd, bad_ptr(), sizeof buf), EFAULT);
  DONE();
}
