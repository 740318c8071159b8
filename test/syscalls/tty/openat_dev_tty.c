// openat_dev_tty: /dev/tty is ENXIO without a controlling terminal; a session leader acquires one by opening a replica for reading without O_NOCTTY (not write-only, not with O_NOCTTY, not by opening /dev/ptmx); /dev/tty then opens that terminal (a 5:0 node) and writes reach its master.
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
#include <sys/sysmacros.h>

static int leader(void) {
  setsid();
  CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO);
  int m = posix_openpt(O_RDWR);
  CHECK(m >= 0);
  CHECK_OK(unlockpt(m));
  CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO);
  char path[64];
  snprintf(path, sizeof path, "%s", ptsname(m));
  int w = open(path, O_WRONLY);
  CHECK(w >= 0);
  CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO);
  int n = open(path, O_RDWR | O_NOCTTY);
  CHECK(n >= 0);
  CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO);
  int s = open(path, O_RDWR);
  CHECK(s >= 0);
  CHECK_EQ(tcgetsid(s), getpid());
  int t = open("/dev/tty", O_RDWR);
  CHECK(t >= 0);
  CHECK(isatty(t));
  struct stat st;
  CHECK_OK(fstat(t, &st));
  CHECK(S_ISCHR(st.st_mode) && major(st.st_rdev) == 5 && minor(st.st_rdev) == 0);
  CHECK_EQ(tcgetpgrp(t), getpid());
  CHECK_EQ(write(t, "via tty\n", 8), 8);
  EXPECT_OUT(m, "via tty\r\n");
  CHECK_EQ(write(m, "back\n", 5), 5);
  EXPECT_OUT(m, "back\r\n");
  char buf[16] = {0};
  CHECK_EQ(read(t, buf, sizeof buf), 5);
  CHECK(strcmp(buf, "back\n") == 0);
  fflush(stdout);
  return husk_failures;
}

int main(void) {
  CHECK_EQ(in_child(leader), 0);
  DONE();
}
