// write_pty_opost: output processing: ONLCR maps NL to CR-NL, OCRNL CR to NL, ONOCR drops a CR at column 0, OLCUC upcases, XTABS expands tabs, and without OPOST bytes pass unchanged; input mapping ICRNL, INLCR and IGNCR apply to what the master writes.
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
static void oflags(int s, tcflag_t set, tcflag_t clear) {
  struct termios t;
  tcgetattr(s, &t);
  t.c_oflag = (t.c_oflag & ~clear) | set;
  tcsetattr(s, TCSANOW, &t);
}

int main(void) {
  int m, s;
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  CHECK_EQ(write(s, "a\nb", 3), 3);
  EXPECT_OUT(m, "a\r\nb");
  oflags(s, OCRNL, ONLCR);
  CHECK_EQ(write(s, "c\rd\n", 4), 4);
  EXPECT_OUT(m, "c\nd\n");
  oflags(s, ONOCR, OCRNL);
  CHECK_EQ(write(s, "\ne\r\rf", 5), 5);
  EXPECT_OUT(m, "\ne\rf");
  oflags(s, OLCUC | XTABS, ONOCR);
  CHECK_EQ(write(s, "\rab\tc\t\n", 7), 7);
  EXPECT_OUT(m, "\rAB      C       \n");
  oflags(s, 0, OPOST);
  CHECK_EQ(write(s, "g\n\t", 3), 3);
  EXPECT_OUT(m, "g\n\t");
  /* Input mapping, in non-canonical mode without echo. */
  struct termios t;
  tcgetattr(s, &t);
  t.c_lflag &= ~(ICANON | ECHO);
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  tcsetattr(s, TCSANOW, &t);
  char buf[16] = {0};
  CHECK_EQ(write(m, "1\r2\n", 4), 4);
  CHECK_EQ(read_n(s, buf, 4), 4);
  CHECK(memcmp(buf, "1\n2\n", 4) == 0);
  t.c_iflag = (t.c_iflag & ~ICRNL) | INLCR;
  tcsetattr(s, TCSANOW, &t);
  CHECK_EQ(write(m, "3\r4\n", 4), 4);
  CHECK_EQ(read_n(s, buf, 4), 4);
  CHECK(memcmp(buf, "3\r4\r", 4) == 0);
  t.c_iflag = (t.c_iflag & ~INLCR) | IGNCR;
  tcsetattr(s, TCSANOW, &t);
  CHECK_EQ(write(m, "5\r6\n", 4), 4);
  CHECK_EQ(read_n(s, buf, 3), 3);
  CHECK(memcmp(buf, "56\n", 3) == 0);
  DONE();
}
