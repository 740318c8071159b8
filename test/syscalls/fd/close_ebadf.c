// close_ebadf: close on -1, on a never-opened fd, and a second close of the same fd fail with EBADF.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  CHECK_ERR(close(-1), EBADF);
  CHECK_ERR(close(4000), EBADF);
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(close(fd), 0);
  CHECK_ERR(close(fd), EBADF);
  DONE();
}
