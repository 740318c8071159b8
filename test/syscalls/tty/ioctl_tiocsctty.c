// ioctl_tiocsctty: only a session leader without a controlling terminal takes one with TIOCSCTTY (EPERM otherwise, and for a terminal another session holds); TIOCGSID and TIOCGPGRP then answer (ENOTTY before, on the replica; the master answers without); TIOCNOTTY gives it up.
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
static int m, s;

static int not_leader(void) {
  CHECK_ERR(ioctl(s, TIOCSCTTY, 0), EPERM);
  fflush(stdout);
  return husk_failures;
}

static int other_session(void) {
  setsid();
  CHECK_ERR(ioctl(s, TIOCSCTTY, 0), EPERM);
  fflush(stdout);
  return husk_failures;
}

static int leader(void) {
  pid_t me = setsid();
  CHECK(me == getpid());
  pid_t v;
  CHECK_ERR(ioctl(s, TIOCGSID, &v), ENOTTY);
  CHECK_ERR(ioctl(s, TIOCGPGRP, &v), ENOTTY);
  CHECK_ERR(ioctl(m, TIOCGSID, &v), ENOTTY);
  v = -1;
  CHECK_OK(ioctl(m, TIOCGPGRP, &v));
  CHECK_EQ(v, 0);
  CHECK_OK(ioctl(s, TIOCSCTTY, 0));
  CHECK_OK(ioctl(s, TIOCSCTTY, 0));
  CHECK_OK(ioctl(s, TIOCGSID, &v));
  CHECK_EQ(v, me);
  CHECK_EQ(tcgetpgrp(s), me);
  CHECK_EQ(tcgetsid(s), me);
  CHECK_OK(ioctl(m, TIOCGPGRP, &v));
  CHECK_EQ(v, me);
  CHECK_EQ(in_child(not_leader), 0);
  CHECK_EQ(in_child(other_session), 0);
  int m2, s2;
  CHECK_OK(open_pair(&m2, &s2, O_NOCTTY));
  CHECK_ERR(ioctl(s2, TIOCSCTTY, 0), EPERM);
  CHECK_ERR(ioctl(s2, TIOCNOTTY), ENOTTY);
  CHECK_ERR(ioctl(m, TIOCNOTTY), ENOTTY);
  /* TIOCNOTTY by the leader sends SIGHUP to the foreground group: ignore it. */
  signal(SIGHUP, SIG_IGN);
  CHECK_OK(ioctl(s, TIOCNOTTY));
  CHECK_ERR(ioctl(s, TIOCGSID, &v), ENOTTY);
  CHECK_ERR(ioctl(s, TIOCNOTTY), ENOTTY);
  CHECK_OK(ioctl(s2, TIOCSCTTY, 0));
  CHECK_OK(ioctl(s2, TIOCGSID, &v));
  CHECK_EQ(v, me);
  fflush(stdout);
  return husk_failures;
}

int main(void) {
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  CHECK_EQ(in_child(leader), 0);
  DONE();
}
