// read_ptmx_eio: with every replica file closed the master still reads what was written, then EIO, and poll reports POLLHUP; reopening the replica makes the master wait again (EAGAIN when non-blocking).
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
  char path[64];
  snprintf(path, sizeof path, "%s", ptsname(m));
  CHECK_EQ(write(s, "bye", 3), 3);
  int s2 = dup(s);
  CHECK_OK(close(s));
  struct pollfd p = {m, POLLIN, 0};
  CHECK_EQ(poll(&p, 1, 1000), 1);
  CHECK_EQ(p.revents & POLLHUP, 0);
  CHECK_OK(close(s2));
  char buf[16] = {0};
  CHECK_EQ(read(m, buf, sizeof buf), 3);
  CHECK(strcmp(buf, "bye") == 0);
  CHECK_ERR(read(m, buf, sizeof buf), EIO);
  CHECK_EQ(poll(&p, 1, 1000), 1);
  CHECK(p.revents & POLLHUP);
  CHECK_EQ(write(m, "in\n", 3), 3);
  s = open(path, O_RDWR | O_NOCTTY);
  CHECK(s >= 0);
  /* The input written while it was closed is taken in (and echoed) now. */
  EXPECT_OUT(m, "in\r\n");
  fcntl(m, F_SETFL, O_NONBLOCK);
  CHECK_ERR(read(m, buf, sizeof buf), EAGAIN);
  CHECK_EQ(poll(&p, 1, 0), 0);
  DONE();
}
