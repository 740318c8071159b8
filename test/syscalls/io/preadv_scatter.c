// preadv_scatter: preadv fills the iovecs in order from the given offset without moving the file offset, stops at end of file, and fails with EINVAL (negative offset), ESPIPE (pipe), EBADF, EFAULT as Linux does.
#include "../common.h"
#include <fcntl.h>
#include <sys/uio.h>

int main(void) {
  int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "0123456789abcdef", 16), 16);
  CHECK_EQ(lseek(fd, 2, SEEK_SET), 2);
  char a[3], b[4], c[20];
  struct iovec iov[3] = {{a, 3}, {NULL, 0}, {b, 4}};
  CHECK_EQ(preadv(fd, iov, 3, 5), 7);
  CHECK(memcmp(a, "567", 3) == 0 && memcmp(b, "89ab", 4) == 0);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 2);
  // Past the end: short, then zero.
  struct iovec tail[2] = {{a, 3}, {c, 20}};
  CHECK_EQ(preadv(fd, tail, 2, 10), 6);
  CHECK(memcmp(a, "abc", 3) == 0 && memcmp(c, "def", 3) == 0);
  CHECK_EQ(preadv(fd, tail, 2, 100), 0);
  CHECK_EQ(preadv(fd, iov, 0, 0), 0);
  CHECK_ERR(syscall(SYS_preadv, fd, iov, 3, -1L, 0L), EINVAL);
  CHECK_ERR(preadv(fd, iov, -1, 0), EINVAL);
  CHECK_ERR(preadv(fd, iov, 1025, 0), EINVAL);
  CHECK_ERR(preadv(-1, iov, 3, 0), EBADF);
  CHECK_ERR(preadv(fd, bad_ptr(), 3, 0), EFAULT);
  struct iovec bad[1] = {{bad_ptr(), 4}};
  CHECK_ERR(preadv(fd, bad, 1, 0), EFAULT);
  int wfd = open("f", O_WRONLY);
  CHECK_ERR(preadv(wfd, iov, 3, 0), EBADF);
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_EQ(write(p[1], "x", 1), 1);
  CHECK_ERR(preadv(p[0], iov, 3, 0), ESPIPE);
  int dfd = open(".", O_RDONLY | O_DIRECTORY);
  CHECK_ERR(preadv(dfd, iov, 3, 0), EISDIR);
  DONE();
}
