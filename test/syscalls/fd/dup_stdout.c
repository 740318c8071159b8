// dup_stdout: dup returns the lowest free fd, which writes to the same file as stdout.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_OK(close(fd));
  int d = dup(1);
  CHECK_EQ(d, fd);
  CHECK_EQ(write(d, "through dup\n", 12), 12);
  CHECK_OK(close(d));
  CHECK_EQ(write(1, "stdout still open\n", 18), 18);
  CHECK_ERR(dup(-1), EBADF);
  CHECK_ERR(dup(d), EBADF);
  DONE();
}
