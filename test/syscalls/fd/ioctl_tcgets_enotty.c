// ioctl_tcgets_enotty: TCGETS on a regular file (and on a non-tty stdout) fails with ENOTTY.
#include "../common.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>

int main(void) {
  struct termios t;
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_ERR(ioctl(fd, TCGETS, &t), ENOTTY);
  CHECK_ERR(isatty(fd) ? 0 : -1, ENOTTY);
  if (!isatty(1)) {
    CHECK_ERR(ioctl(1, TCGETS, &t), ENOTTY);
  }
  CHECK_ERR(ioctl(-1, TCGETS, &t), EBADF);
  DONE();
}
