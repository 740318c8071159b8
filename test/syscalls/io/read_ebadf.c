// read_ebadf: read on -1, on a closed fd, and on a large unused fd fails with EBADF.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  char buf[4];
  CHECK_ERR(read(-1, buf, sizeof buf), EBADF);
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_OK(close(fd));
  CHECK_ERR(read(fd, buf, sizeof buf), EBADF);
  CHECK_ERR(read(1000, buf, sizeof buf), EBADF);
  DONE();
}
