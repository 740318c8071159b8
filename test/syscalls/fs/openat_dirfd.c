// openat_dirfd: a relative path resolves from dirfd; an absolute path ignores dirfd; a bad dirfd is EBADF.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int dfd = open("/etc", O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  int fd = openat(dfd, "passwd", O_RDONLY);
  CHECK(fd >= 0);
  char buf[5] = {0};
  CHECK_EQ(read(fd, buf, 4), 4);
  printf("read via dirfd: %s\n", buf);
  CHECK(openat(-1, "/etc/passwd", O_RDONLY) >= 0);
  CHECK(openat(12345, "/etc/passwd", O_RDONLY) >= 0);
  CHECK_ERR(openat(-1, "passwd", O_RDONLY), EBADF);
  CHECK_ERR(openat(12345, "passwd", O_RDONLY), EBADF);
  CHECK(openat(dfd, "../etc/./passwd", O_RDONLY) >= 0);
  DONE();
}
