// read_regular: read from a regular file returns its bytes, and advances the offset.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  char buf[12] = {0};
  CHECK_EQ(read(fd, buf, 11), 11);
  printf("first bytes: %s\n", buf);
  CHECK(strncmp(buf, "root:x:0:0:", 11) == 0);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 11);
  char c;
  CHECK_EQ(read(fd, &c, 0), 0);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 11);
  DONE();
}
