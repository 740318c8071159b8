// ioctl_tiocgptn: TIOCGPTN names the replica, two ptys get different numbers, TIOCGPTLCK reports the lock TIOCSPTLCK sets, and the replica refuses the master-only requests (ENOTTY).
#include "../common.h"
#include "pty.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

#ifndef TIOCGPTLCK
#define TIOCGPTLCK _IOR('T', 0x39, int)
#endif

int main(void) {
  int m1 = posix_openpt(O_RDWR | O_NOCTTY), m2 = posix_openpt(O_RDWR | O_NOCTTY);
  CHECK(m1 >= 0 && m2 >= 0);
  unsigned n1 = 99, n2 = 99;
  CHECK_OK(ioctl(m1, TIOCGPTN, &n1));
  CHECK_OK(ioctl(m2, TIOCGPTN, &n2));
  CHECK(n1 != n2);
  char want[32];
  snprintf(want, sizeof want, "/dev/pts/%u", n1);
  CHECK(strcmp(ptsname(m1), want) == 0);
  int lck = -1;
  CHECK_OK(ioctl(m1, TIOCGPTLCK, &lck));
  CHECK_EQ(lck, 1);
  int zero = 0, one = 1;
  CHECK_OK(ioctl(m1, TIOCSPTLCK, &zero));
  CHECK_OK(ioctl(m1, TIOCGPTLCK, &lck));
  CHECK_EQ(lck, 0);
  int s = open(want, O_RDWR | O_NOCTTY);
  CHECK(s >= 0);
  CHECK_OK(ioctl(m1, TIOCSPTLCK, &one));
  CHECK_ERR(open(want, O_RDWR | O_NOCTTY), EIO);
  unsigned x;
  CHECK_ERR(ioctl(s, TIOCGPTN, &x), ENOTTY);
  CHECK_ERR(ioctl(s, TIOCSPTLCK, &zero), ENOTTY);
  CHECK_ERR(ioctl(m1, TIOCGPTN, bad_ptr()), EFAULT);
  int fd = open("/dev/null", O_RDONLY);
  CHECK_ERR(ioctl(fd, TIOCGPTN, &x), ENOTTY);
  close(s);
  close(m1);
  /* A new pty never takes a number in use. */
  int m3 = posix_openpt(O_RDWR | O_NOCTTY);
  unsigned n3 = 99;
  CHECK_OK(ioctl(m3, TIOCGPTN, &n3));
  CHECK(n3 != n2);
  DONE();
}
