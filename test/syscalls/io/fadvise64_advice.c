// fadvise64_advice: fadvise64 accepts every advice 0..5 on a regular file, and reports EINVAL for unknown advice, EBADF for a bad fd.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  for (int adv = 0; adv <= 5; adv++) {
    errno = 0;
    long r = syscall(SYS_fadvise64, fd, 0, 0, adv);
    printf("advice %d -> %ld %s\n", adv, r, errname(r ? errno : 0));
  }
  CHECK_EQ(syscall(SYS_fadvise64, fd, 4096, 100, POSIX_FADV_WILLNEED), 0);
  CHECK_EQ(syscall(SYS_fadvise64, fd, 1L << 40, 1L << 40, POSIX_FADV_NORMAL), 0);
  CHECK_EQ(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL), 0);
  CHECK_EQ(posix_fadvise(fd, 0, 0, 6), EINVAL);
  CHECK_ERR(syscall(SYS_fadvise64, fd, 0, 0, 6), EINVAL);
  CHECK_ERR(syscall(SYS_fadvise64, fd, 0, 0, -1), EINVAL);
  CHECK_ERR(syscall(SYS_fadvise64, -1, 0, 0, POSIX_FADV_NORMAL), EBADF);
  CHECK_ERR(syscall(SYS_fadvise64, 999, 0, 0, POSIX_FADV_NORMAL), EBADF);
  close(fd);
  CHECK_ERR(syscall(SYS_fadvise64, fd, 0, 0, POSIX_FADV_NORMAL), EBADF);
  DONE();
}
