// read_pty_canonical_lines: in canonical mode a read returns at most one line, VEOF ends a line without being read and at the start of a line reads as end of file, VEOL ends a line, and an unfinished line is not readable.
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
int main(void) {
  int m, s;
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  struct termios t;
  CHECK_OK(tcgetattr(s, &t));
  t.c_lflag &= ~ECHO;
  t.c_cc[VEOL] = '!';
  CHECK_OK(tcsetattr(s, TCSANOW, &t));
  CHECK_EQ(write(m, "one\ntwo\n", 8), 8);
  char buf[64];
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(s, buf, sizeof buf), 4);
  CHECK(strcmp(buf, "one\n") == 0);
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(s, buf, 2), 2);
  CHECK(strcmp(buf, "tw") == 0);
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(s, buf, sizeof buf), 2);
  CHECK(strcmp(buf, "o\n") == 0);
  CHECK_EQ(write(m, "xy\004\004z!", 6), 6);
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(s, buf, sizeof buf), 2);
  CHECK(strcmp(buf, "xy") == 0);
  CHECK_EQ(read(s, buf, sizeof buf), 0);
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(s, buf, sizeof buf), 2);
  CHECK(strcmp(buf, "z!") == 0);
  /* An unfinished line: nothing to read (O_NONBLOCK: EAGAIN), FIONREAD 0. */
  CHECK_EQ(write(m, "part", 4), 4);
  usleep(50000);
  int n = -1;
  CHECK_OK(ioctl(s, FIONREAD, &n));
  CHECK_EQ(n, 0);
  fcntl(s, F_SETFL, O_NONBLOCK);
  CHECK_ERR(read(s, buf, sizeof buf), EAGAIN);
  struct pollfd p = {s, POLLIN, 0};
  CHECK_EQ(poll(&p, 1, 0), 0);
  CHECK_EQ(write(m, "ial\r", 4), 4);
  CHECK_EQ(poll(&p, 1, 2000), 1);
  CHECK_OK(ioctl(s, FIONREAD, &n));
  CHECK_EQ(n, 8);
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(s, buf, sizeof buf), 8);
  CHECK(strcmp(buf, "partial\n") == 0);
  DONE();
}
