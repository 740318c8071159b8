// read_ptmx_eio: with every replica file closed the master still reads what was written, then EIO, and poll reports POLLHUP; reopening the replica makes the master wait again (EAGAIN when non-blocking).
#include "../common.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

#include "pty.h"
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
