// lseek_errors: a bad whence or a negative resulting offset is EINVAL (offset kept); a bad fd is EBADF.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(lseek(fd, 5, SEEK_SET), 5);
  CHECK_ERR(lseek(fd, 0, 17), EINVAL);
  CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
  CHECK_ERR(lseek(fd, -6, SEEK_CUR), EINVAL);
  CHECK_ERR(lseek(fd, -(1L << 40), SEEK_END), EINVAL);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5);
  CHECK_ERR(lseek(-1, 0, SEEK_SET), EBADF);
  DONE();
}
