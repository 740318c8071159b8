// dup3_flags: dup3 sets FD_CLOEXEC with O_CLOEXEC; dup3(fd, fd) and unknown flags are EINVAL.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  CHECK_EQ(dup3(1, 12, O_CLOEXEC), 12);
  CHECK_EQ(fcntl(12, F_GETFD), FD_CLOEXEC);
  CHECK_EQ(write(12, "through dup3\n", 13), 13);
  CHECK_EQ(dup3(1, 13, 0), 13);
  CHECK_EQ(fcntl(13, F_GETFD), 0);
  CHECK_ERR(dup3(1, 1, 0), EINVAL);
  CHECK_ERR(dup3(1, 14, O_NONBLOCK), EINVAL);
  CHECK_ERR(dup3(-1, 14, 0), EBADF);
  DONE();
}
