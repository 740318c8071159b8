// newfstatat_empty_path: AT_EMPTY_PATH with "" stats dirfd itself; "" without it is ENOENT.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  struct stat a, b, c;
  CHECK_OK(syscall(SYS_fstat, fd, &a));
  CHECK_OK(syscall(SYS_newfstatat, fd, "", &b, AT_EMPTY_PATH));
  CHECK_OK(syscall(SYS_newfstatat, AT_FDCWD, "/etc/passwd", &c, 0));
  CHECK(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
  CHECK(a.st_ino == c.st_ino && a.st_dev == c.st_dev);
  CHECK_EQ(a.st_size, c.st_size);
  CHECK_ERR(syscall(SYS_newfstatat, fd, "", &b, 0), ENOENT);
  CHECK_ERR(syscall(SYS_newfstatat, -1, "", &b, AT_EMPTY_PATH), EBADF);
  CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, "/etc/passwd", &b, 0x40000000), EINVAL);
  DONE();
}
