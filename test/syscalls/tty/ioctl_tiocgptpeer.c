// ioctl_tiocgptpeer: TIOCGPTPEER opens the replica from the master with the flags given (O_CLOEXEC, O_NONBLOCK), EIO while the pty is locked; the new fd is the /dev/pts/N node.
#include "../common.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

/* open_pair opens a new pty: *m the master, *s the replica (open flags sflags). */
static int open_pair(int *m, int *s, int sflags) {
  *m = posix_openpt(O_RDWR | O_NOCTTY);
  if (*m < 0 || grantpt(*m) || unlockpt(*m)) return -1;
  *s = open(ptsname(*m), O_RDWR | sflags);
  return *s < 0 ? -1 : 0;
}

/* read_n reads n bytes from fd, waiting up to 2 s for each part; returns how many it got. */
__attribute__((unused)) static int read_n(int fd, char *buf, int n) {
  int got = 0;
  while (got < n) {
    struct pollfd p = {fd, POLLIN, 0};
    int pr = poll(&p, 1, 2000);
    if (pr < 0 && errno == EINTR) continue;
    if (pr <= 0) break;
    int r = read(fd, buf + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += r;
  }
  return got;
}

/* expect_out reads strlen(want) bytes from fd and compares them with want. */
#define EXPECT_OUT(fd, want)                                                   \
  do {                                                                         \
    char b_[256] = {0};                                                        \
    int n_ = read_n(fd, b_, strlen(want));                                     \
    CHECK(n_ == (int)strlen(want) && memcmp(b_, want, n_) == 0);               \
  } while (0)
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
