// readv_scatter: readv fills iovecs in order, skips empty ones, and matches read().
#include "../common.h"
#include <fcntl.h>
#include <sys/uio.h>

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  char want[11];
  CHECK_EQ(read(fd, want, 11), 11);
  CHECK_OK(lseek(fd, 0, SEEK_SET));
  char a[4], b[1], c[6], z[1];
  struct iovec iov[4] = {{a, 4}, {z, 0}, {b, 1}, {c, 6}};
  CHECK_EQ(readv(fd, iov, 4), 11);
  CHECK(memcmp(a, want, 4) == 0);
  CHECK(memcmp(b, want + 4, 1) == 0);
  CHECK(memcmp(c, want + 5, 6) == 0);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 11);
  CHECK_EQ(readv(fd, iov, 0), 0);
  CHECK_ERR(syscall(SYS_readv, fd, iov, -1), EINVAL);
  CHECK_ERR(readv(fd, bad_ptr(), 1), EFAULT);
  DONE();
}
