// openat_dev_tty: /dev/tty is ENXIO without a controlling terminal; a session leader acquires one by opening a replica for reading without O_NOCTTY (not write-only, not with O_NOCTTY, not by opening /dev/ptmx); /dev/tty then opens that terminal (a 5:0 node) and writes reach its master.
#include "../common.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

#include "pty.h"
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
