// dup2_target: dup2 onto a chosen fd (closing what was there), dup2(fd, fd) is a no-op, bad fds are EBADF.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  CHECK_EQ(dup2(1, 10), 10);
  CHECK_EQ(write(10, "through fd 10\n", 14), 14);
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK_EQ(dup2(1, fd), fd);
  CHECK_EQ(write(fd, "replaced file fd\n", 17), 17);
  CHECK_EQ(dup2(1, 1), 1);
  CHECK_EQ(syscall(SYS_dup2, 10, 10), 10);
  CHECK_ERR(dup2(-1, 11), EBADF);
  CHECK_ERR(dup2(1, -1), EBADF);
  CHECK_ERR(dup2(99, 99), EBADF);
  CHECK_ERR(dup2(1, 1 << 30), EBADF);
  DONE();
}
