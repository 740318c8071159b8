// fcntl_fd_flags: F_GETFD/F_SETFD round-trip FD_CLOEXEC, per descriptor, not shared by dup.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
  CHECK(fd >= 0);
  CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
  CHECK_EQ(fcntl(fd, F_SETFD, 0), 0);
  CHECK_EQ(fcntl(fd, F_GETFD), 0);
  CHECK_EQ(fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
  int d = dup(fd);
  CHECK_EQ(fcntl(d, F_GETFD), 0);
  CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
  CHECK_ERR(fcntl(-1, F_GETFD), EBADF);
  CHECK_ERR(fcntl(fd, 0x7fff), EINVAL);
  DONE();
}
