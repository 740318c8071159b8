// openat_enotdir: a path through a regular file, or O_DIRECTORY on a file, fails with ENOTDIR.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  CHECK_ERR(open("/etc/passwd/x", O_RDONLY), ENOTDIR);
  CHECK_ERR(open("/etc/passwd/", O_RDONLY), ENOTDIR);
  CHECK_ERR(open("/etc/passwd", O_RDONLY | O_DIRECTORY), ENOTDIR);
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_ERR(openat(fd, "x", O_RDONLY), ENOTDIR);
  DONE();
}
