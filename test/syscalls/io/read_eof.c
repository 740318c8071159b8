// read_eof: read at end of file returns 0, and past end of file too.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_OK(lseek(fd, 0, SEEK_END));
  char buf[16];
  CHECK_EQ(read(fd, buf, sizeof buf), 0);
  CHECK_OK(lseek(fd, 4096, SEEK_END));
  CHECK_EQ(read(fd, buf, sizeof buf), 0);
  DONE();
}
