// preadv2_flags: preadv2 with offset -1 reads at (and moves) the file offset, with an offset it does not; RWF_HIPRI is accepted; unknown flags are EOPNOTSUPP; other negative offsets EINVAL.
#include "../common.h"
#include <fcntl.h>
#include <sys/uio.h>

int main(void) {
  int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "0123456789", 10), 10);
  CHECK_EQ(lseek(fd, 1, SEEK_SET), 1);
  char a[3], b[2];
  struct iovec iov[2] = {{a, 3}, {b, 2}};
  CHECK_EQ(preadv2(fd, iov, 2, -1, 0), 5);
  CHECK(memcmp(a, "123", 3) == 0 && memcmp(b, "45", 2) == 0);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 6);
  CHECK_EQ(preadv2(fd, iov, 2, 0, RWF_HIPRI), 5);
  CHECK(memcmp(a, "012", 3) == 0);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 6);
  CHECK_EQ(preadv2(fd, iov, 1, 2, RWF_DSYNC | RWF_SYNC), 3);
  CHECK(memcmp(a, "234", 3) == 0);
  CHECK_ERR(preadv2(fd, iov, 2, 0, 0x80000000), EOPNOTSUPP);
  CHECK_ERR(preadv2(fd, iov, 2, -2, 0), EINVAL);
  // A pipe reads at its head with offset -1; a real offset is ESPIPE.
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_EQ(write(p[1], "pipe!", 5), 5);
  CHECK_EQ(preadv2(p[0], iov, 2, -1, 0), 5);
  CHECK(memcmp(a, "pip", 3) == 0 && memcmp(b, "e!", 2) == 0);
  CHECK_ERR(preadv2(p[0], iov, 2, 0, 0), ESPIPE);
  DONE();
}
