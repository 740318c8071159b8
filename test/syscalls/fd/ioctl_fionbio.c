// ioctl_fionbio: FIONBIO sets and clears O_NONBLOCK as F_SETFL does (a read of an empty pipe turns EAGAIN); a bad argument pointer is EFAULT.
#include "../common.h"
#include <fcntl.h>
#include <sys/ioctl.h>

int main(void) {
  int p[2];
  CHECK_OK(pipe(p));
  int on = 1, off = 0;
  CHECK_OK(ioctl(p[0], FIONBIO, &on));
  CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
  char c;
  CHECK_ERR(read(p[0], &c, 1), EAGAIN);
  CHECK_OK(ioctl(p[0], FIONBIO, &off));
  CHECK(!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
  int f = open("data", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_OK(ioctl(f, FIONBIO, &on));
  CHECK(fcntl(f, F_GETFL) & O_NONBLOCK);
  CHECK_ERR(ioctl(f, FIONBIO, bad_ptr()), EFAULT);
  CHECK_ERR(ioctl(-1, FIONBIO, &on), EBADF);
  DONE();
}
