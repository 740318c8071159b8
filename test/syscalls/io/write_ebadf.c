// write_ebadf: write on -1, a closed fd, or a read-only fd fails with EBADF.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  CHECK_ERR(write(-1, "x", 1), EBADF);
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_ERR(write(fd, "x", 1), EBADF);
  CHECK_OK(close(fd));
  CHECK_ERR(write(fd, "x", 1), EBADF);
  DONE();
}
