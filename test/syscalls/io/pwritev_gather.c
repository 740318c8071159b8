// pwritev_gather: pwritev writes the iovecs in order at the given offset (a hole before it reads as zeros) without moving the file offset (on an O_APPEND file it appends, as pwrite does on Linux), and fails with EINVAL, ESPIPE, EBADF, EFAULT as Linux does.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>

int main(void) {
  int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "head", 4), 4);
  struct iovec iov[3] = {{"ab", 2}, {"", 0}, {"cde", 3}};
  CHECK_EQ(pwritev(fd, iov, 3, 8), 5);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 4);
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_size, 13);
  char buf[16];
  CHECK_EQ(pread(fd, buf, sizeof buf, 0), 13);
  CHECK(memcmp(buf, "head\0\0\0\0abcde", 13) == 0);
  // Overwrite in the middle.
  struct iovec mid[2] = {{"X", 1}, {"YZ", 2}};
  CHECK_EQ(pwritev(fd, mid, 2, 1), 3);
  CHECK_EQ(pread(fd, buf, 4, 0), 4);
  CHECK(memcmp(buf, "hXYZ", 4) == 0);
  // A large gather (more than one chunk) lands whole.
  static char big[300000];
  memset(big, 'q', sizeof big);
  struct iovec bigv[2] = {{big, 200000}, {big + 200000, 100000}};
  CHECK_EQ(pwritev(fd, bigv, 2, 100), 300000);
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_size, 300100);
  CHECK_EQ(pread(fd, buf, 2, 300098), 2);
  CHECK(buf[0] == 'q' && buf[1] == 'q');
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 4);
  int afd = open("g", O_CREAT | O_RDWR | O_TRUNC | O_APPEND, 0644);
  CHECK_EQ(write(afd, "abcd", 4), 4);
  CHECK_EQ(pwritev(afd, mid, 2, 0), 3);
  CHECK_EQ(pwritev2(afd, mid, 1, -1, 0), 1);
  CHECK_EQ(pread(afd, buf, sizeof buf, 0), 8);
  CHECK(memcmp(buf, "abcdXYZX", 8) == 0);
  CHECK_EQ(lseek(afd, 0, SEEK_CUR), 8);
  CHECK_ERR(syscall(SYS_pwritev, fd, iov, 3, -1L, 0L), EINVAL);
  CHECK_ERR(pwritev(fd, iov, 1025, 0), EINVAL);
  CHECK_ERR(pwritev(-1, iov, 3, 0), EBADF);
  CHECK_ERR(pwritev(fd, bad_ptr(), 3, 0), EFAULT);
  struct iovec bad[1] = {{bad_ptr(), 4}};
  CHECK_ERR(pwritev(fd, bad, 1, 0), EFAULT);
  int rfd = open("f", O_RDONLY);
  CHECK_ERR(pwritev(rfd, iov, 3, 0), EBADF);
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_ERR(pwritev(p[1], iov, 3, 0), ESPIPE);
  DONE();
}
