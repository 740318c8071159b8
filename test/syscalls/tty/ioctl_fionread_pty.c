// ioctl_fionread_pty: FIONREAD counts the replica's queued input (in non-canonical mode all of it) and the master's unread output; TCFLSH TCIFLUSH drops the caller's input (the master's is what the replica wrote), an unknown queue is EINVAL, and TIOCOUTQ is 0.
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
