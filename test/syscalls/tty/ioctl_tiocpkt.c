// ioctl_tiocpkt: in packet mode (TIOCPKT, master only) a master read gives TIOCPKT_DATA before data, or one status byte alone (POLLPRI) for a flush of either queue, output stopped or started, and IXON with ^S/^Q switched off or on; TIOCGPKT reports the mode.
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
    if (poll(&p, 1, 2000) <= 0) break;
    int r = read(fd, buf + got, n - got);
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
