// ioctl_tcxonc: TCOOFF stops the replica's output (a non-blocking write is EAGAIN, poll sees no POLLOUT) and TCOON restarts it; with IXON a typed VSTOP and VSTART do the same and are not input; TCIOFF and TCION send VSTOP and VSTART to the master; a bad action is EINVAL.
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
    if (poll(&p, 1, 2000) <= 0) break;
    int r = read(fd, buf + got, n - got);
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

/* wait_flag waits up to 2 s for *flag to become nonzero. */
__attribute__((unused)) static int wait_flag(volatile sig_atomic_t *flag) {
  for (int i = 0; i < 200 && !*flag; i++) usleep(10000);
  return *flag;
}

/* child_status waits for pid and returns its exit status (-1: it did not exit). */
__attribute__((unused)) static int child_status(pid_t pid) {
  int st;
  if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) return -1;
  return WEXITSTATUS(st);
}
/* wait_out waits up to 2 s for fd's POLLOUT to be want (0 or POLLOUT). */
static int wait_out(int fd, int want) {
  for (int i = 0; i < 200; i++) {
    struct pollfd p = {fd, POLLOUT, 0};
    poll(&p, 1, 0);
    if ((p.revents & POLLOUT) == want) return 1;
    usleep(10000);
  }
  return 0;
}

int main(void) {
  int m, s;
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  struct termios t;
  tcgetattr(s, &t);
  t.c_lflag &= ~(ECHO | ICANON);
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  tcsetattr(s, TCSANOW, &t);
  fcntl(s, F_SETFL, O_NONBLOCK);
  CHECK_OK(tcflow(s, TCOOFF));
  CHECK_ERR(write(s, "a", 1), EAGAIN);
  struct pollfd p = {s, POLLOUT, 0};
  CHECK_EQ(poll(&p, 1, 0), 0);
  CHECK_OK(tcflow(s, TCOON));
  CHECK_EQ(write(s, "b", 1), 1);
  EXPECT_OUT(m, "b");
  CHECK_EQ(write(m, "\023", 1), 1);
  CHECK(wait_out(s, 0));
  CHECK_ERR(write(s, "c", 1), EAGAIN);
  CHECK_EQ(write(m, "\021", 1), 1);
  CHECK(wait_out(s, POLLOUT));
  CHECK_EQ(write(s, "d", 1), 1);
  EXPECT_OUT(m, "d");
  char c;
  CHECK_ERR(read(s, &c, 1), EAGAIN);
  CHECK_OK(tcflow(s, TCIOFF));
  EXPECT_OUT(m, "\023");
  CHECK_OK(tcflow(s, TCION));
  EXPECT_OUT(m, "\021");
  CHECK_ERR(tcflow(s, 9), EINVAL);
  /* Without IXON the characters are input. */
  t.c_iflag &= ~IXON;
  tcsetattr(s, TCSANOW, &t);
  CHECK_EQ(write(m, "\023", 1), 1);
  CHECK_EQ(read_n(s, &c, 1), 1);
  CHECK_EQ(c, 023);
  DONE();
}
