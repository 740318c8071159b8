// ioctl_tcxonc: TCOOFF stops the replica's output (a non-blocking write is EAGAIN, poll sees no POLLOUT) and TCOON restarts it; with IXON a typed VSTOP and VSTART do the same and are not input; TCIOFF and TCION send VSTOP and VSTART to the master; a bad action is EINVAL.
#include "../common.h"
#include "pty.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

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
