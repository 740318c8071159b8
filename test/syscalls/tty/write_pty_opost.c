// write_pty_opost: output processing: ONLCR maps NL to CR-NL, OCRNL CR to NL, ONOCR drops a CR at column 0, OLCUC upcases, XTABS expands tabs, and without OPOST bytes pass unchanged; input mapping ICRNL, INLCR and IGNCR apply to what the master writes.
#include "../common.h"
#include "pty.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

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
