// fchdir_dirfd: fchdir to a directory fd changes cwd; to a file fd is ENOTDIR; to -1 EBADF.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  char buf[256];
  int dfd = open("/usr/include", O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK_OK(fchdir(dfd));
  CHECK(getcwd(buf, sizeof buf) != NULL);
  printf("cwd: %s\n", buf);
  CHECK_EQ(access("stdio.h", R_OK), 0);
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK_ERR(fchdir(fd), ENOTDIR);
  CHECK_ERR(fchdir(-1), EBADF);
  CHECK(getcwd(buf, sizeof buf) != NULL);
  printf("cwd: %s\n", buf);
  DONE();
}
