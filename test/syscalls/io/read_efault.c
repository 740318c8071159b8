// read_efault: read into an unmapped or kernel buffer fails with EFAULT and does not advance the offset.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_ERR(read(fd, bad_ptr(), 16), EFAULT);
  CHECK_ERR(read(fd, kernel_ptr(), 16), EFAULT);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0);
  DONE();
}
