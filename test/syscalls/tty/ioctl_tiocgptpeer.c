// ioctl_tiocgptpeer: TIOCGPTPEER opens the replica from the master with the flags given (O_CLOEXEC, O_NONBLOCK), EIO while the pty is locked; the new fd is the /dev/pts/N node.
#include "../common.h"
#include "pty.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

int main(void) {
  int m = posix_openpt(O_RDWR | O_NOCTTY);
  CHECK(m >= 0);
  CHECK_ERR(ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY), EIO);
  CHECK_OK(unlockpt(m));
  int s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  CHECK(s >= 0);
  CHECK_EQ(fcntl(s, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  CHECK_EQ(fcntl(s, F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDWR | O_NONBLOCK);
  struct stat a, b;
  CHECK_OK(fstat(s, &a));
  CHECK_OK(stat(ptsname(m), &b));
  CHECK(a.st_rdev == b.st_rdev && a.st_ino == b.st_ino);
  char c;
  CHECK_ERR(read(s, &c, 1), EAGAIN);
  CHECK_EQ(write(m, "q\n", 2), 2);
  char buf[8];
  CHECK_EQ(read_n(s, buf, 2), 2);
  CHECK_ERR(ioctl(s, TIOCGPTPEER, O_RDWR), EIO);
  DONE();
}
