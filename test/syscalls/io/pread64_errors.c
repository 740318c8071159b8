// pread64_errors: pread with a negative offset is EINVAL, on a bad fd EBADF, into a bad buffer EFAULT.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  char buf[8];
  CHECK_ERR(syscall(SYS_pread64, fd, buf, 4, -1L), EINVAL);
  CHECK_ERR(syscall(SYS_pread64, -1, buf, 4, 0L), EBADF);
  CHECK_ERR(syscall(SYS_pread64, fd, bad_ptr(), 4, 0L), EFAULT);
  int dfd = open("/etc", O_RDONLY | O_DIRECTORY);
  CHECK_ERR(syscall(SYS_pread64, dfd, buf, 4, 0L), EISDIR);
  DONE();
}
