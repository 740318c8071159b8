// ioctl_tiocpkt: in packet mode (TIOCPKT, master only) a master read gives TIOCPKT_DATA before data, or one status byte alone (POLLPRI) for a flush of either queue, output stopped or started, and IXON with ^S/^Q switched off or on; TIOCGPKT reports the mode.
#include "../common.h"
#include "pty.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

#ifndef TIOCGPKT
#define TIOCGPKT _IOR('T', 0x38, int)
#endif

/* status reads one packet from the master and returns its first byte (-1: none). */
static int status(int m) {
  struct pollfd p = {m, POLLIN | POLLPRI, 0};
  if (poll(&p, 1, 2000) != 1) return -1;
  unsigned char b[16];
  int n = read(m, b, sizeof b);
  return n == 1 ? b[0] : -1 - n;
}

int main(void) {
  int m, s;
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  int v = -1, one = 1, zero = 0;
  CHECK_OK(ioctl(m, TIOCGPKT, &v));
  CHECK_EQ(v, 0);
  CHECK_ERR(ioctl(s, TIOCPKT, &one), ENOTTY);
  CHECK_ERR(ioctl(s, TIOCGPKT, &v), ENOTTY);
  CHECK_OK(ioctl(m, TIOCPKT, &one));
  CHECK_OK(ioctl(m, TIOCGPKT, &v));
  CHECK_EQ(v, 1);
  struct pollfd p = {m, POLLIN | POLLPRI, 0};
  CHECK_EQ(poll(&p, 1, 0), 0);
  CHECK_EQ(write(s, "hi", 2), 2);
  CHECK_EQ(poll(&p, 1, 2000), 1);
  CHECK_EQ(p.revents & (POLLIN | POLLPRI), POLLIN);
  unsigned char b[16] = {0};
  CHECK_EQ(read(m, b, sizeof b), 3);
  CHECK(b[0] == TIOCPKT_DATA && b[1] == 'h' && b[2] == 'i');
  CHECK_OK(tcflush(s, TCIFLUSH));
  CHECK_EQ(poll(&p, 1, 2000), 1);
  CHECK(p.revents & POLLPRI);
  CHECK_EQ(status(m), TIOCPKT_FLUSHREAD);
  CHECK_OK(tcflush(s, TCOFLUSH));
  CHECK_EQ(status(m), TIOCPKT_FLUSHWRITE);
  CHECK_OK(tcflow(s, TCOOFF));
  CHECK_EQ(status(m), TIOCPKT_STOP);
  CHECK_OK(tcflow(s, TCOON));
  CHECK_EQ(status(m), TIOCPKT_START);
  struct termios t;
  tcgetattr(s, &t);
  t.c_iflag &= ~IXON;
  CHECK_OK(tcsetattr(s, TCSANOW, &t));
  CHECK_EQ(status(m), TIOCPKT_NOSTOP);
  t.c_iflag |= IXON;
  CHECK_OK(tcsetattr(s, TCSANOW, &t));
  CHECK_EQ(status(m), TIOCPKT_DOSTOP);
  CHECK_OK(ioctl(m, TIOCPKT, &zero));
  CHECK_EQ(write(s, "x", 1), 1);
  CHECK_EQ(poll(&p, 1, 2000), 1);
  CHECK_EQ(read(m, b, sizeof b), 1);
  CHECK_EQ(b[0], 'x');
  DONE();
}
