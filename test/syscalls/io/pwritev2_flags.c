// pwritev2_flags: pwritev2 with offset -1 writes at (and moves) the file offset, with an offset it does not; RWF_DSYNC and RWF_SYNC write and flush; unknown flags are EOPNOTSUPP; a pipe takes offset -1 only.
#include "../common.h"
#include <fcntl.h>
#include <sys/uio.h>

int main(void) {
  int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  struct iovec iov[2] = {{"abc", 3}, {"de", 2}};
  CHECK_EQ(pwritev2(fd, iov, 2, -1, 0), 5);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5);
  CHECK_EQ(pwritev2(fd, iov, 2, 10, RWF_DSYNC), 5);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5);
  CHECK_EQ(pwritev2(fd, iov, 1, 1, RWF_SYNC | RWF_HIPRI), 3);
  char buf[16];
  CHECK_EQ(pread(fd, buf, sizeof buf, 0), 15);
  CHECK(memcmp(buf, "aabce\0\0\0\0\0abcde", 15) == 0);
  CHECK_ERR(pwritev2(fd, iov, 2, 0, 0x80000000), EOPNOTSUPP);
  CHECK_ERR(pwritev2(fd, iov, 2, -2, 0), EINVAL);
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_EQ(pwritev2(p[1], iov, 2, -1, 0), 5);
  CHECK_EQ(read(p[0], buf, sizeof buf), 5);
  CHECK(memcmp(buf, "abcde", 5) == 0);
  CHECK_ERR(pwritev2(p[1], iov, 2, 0, 0), ESPIPE);
  DONE();
}
