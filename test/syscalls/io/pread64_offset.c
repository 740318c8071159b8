// pread64_offset: pread reads at the given offset and leaves the file offset alone.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  char all[32] = {0}, part[8] = {0};
  CHECK_EQ(read(fd, all, 16), 16);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 16);
  CHECK_EQ(pread(fd, part, 5, 2), 5);
  CHECK(memcmp(part, all + 2, 5) == 0);
  printf("pread(2,5): %s\n", part);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 16);
  off_t end = lseek(fd, 0, SEEK_END);
  CHECK_EQ(pread(fd, part, 5, end), 0);
  CHECK_EQ(pread(fd, part, 5, end + 100), 0);
  DONE();
}
