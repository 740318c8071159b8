// read_pty_canonical_lines: in canonical mode a read returns at most one line, VEOF ends a line without being read and at the start of a line reads as end of file, VEOL ends a line, and an unfinished line is not readable.
#include "../common.h"
#include "pty.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

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
