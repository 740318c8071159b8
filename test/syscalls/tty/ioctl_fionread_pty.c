// ioctl_fionread_pty: FIONREAD counts the replica's queued input (in non-canonical mode all of it) and the master's unread output; TCFLSH TCIFLUSH drops the caller's input (the master's is what the replica wrote), an unknown queue is EINVAL, and TIOCOUTQ is 0.
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
int main(void) {
  int m, s;
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  struct termios t;
  tcgetattr(s, &t);
  t.c_lflag &= ~(ICANON | ECHO);
  tcsetattr(s, TCSANOW, &t);
  CHECK_EQ(write(m, "abcd", 4), 4);
  struct pollfd p = {s, POLLIN, 0};
  CHECK_EQ(poll(&p, 1, 2000), 1);
  usleep(20000);
  int n = -1;
  CHECK_OK(ioctl(s, FIONREAD, &n));
  CHECK_EQ(n, 4);
  CHECK_OK(ioctl(s, TIOCINQ, &n));
  CHECK_EQ(n, 4);
  CHECK_OK(tcflush(s, TCIFLUSH));
  CHECK_OK(ioctl(s, FIONREAD, &n));
  CHECK_EQ(n, 0);
  CHECK_EQ(write(s, "xyz", 3), 3);
  p.fd = m;
  CHECK_EQ(poll(&p, 1, 2000), 1);
  usleep(20000);
  CHECK_OK(ioctl(m, FIONREAD, &n));
  CHECK_EQ(n, 3);
  CHECK_OK(ioctl(s, TIOCOUTQ, &n));
  CHECK_EQ(n, 0);
  CHECK_OK(tcflush(m, TCIFLUSH));
  CHECK_OK(ioctl(m, FIONREAD, &n));
  CHECK_EQ(n, 0);
  CHECK_ERR(tcflush(s, 7), EINVAL);
  CHECK_ERR(ioctl(s, FIONREAD, bad_ptr()), EFAULT);
  CHECK_OK(tcdrain(s));
  CHECK_OK(tcsendbreak(s, 0));
  DONE();
}
