// close_ptmx_hangup: closing the master hangs the replica up: the session leader whose controlling terminal it was gets SIGHUP, reads are end of file, writes and ioctls EIO, poll reports POLLIN|POLLOUT|POLLERR|POLLHUP, and the session has no controlling terminal (/dev/tty is ENXIO).
#include "../common.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

#include "pty.h"
static int m, s, p[2];
static volatile sig_atomic_t nhup;
static void on_hup(int sig) { (void)sig; nhup++; }

static int leader(void) {
  setsid();
  struct sigaction sa = {0};
  sa.sa_handler = on_hup;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGHUP, &sa, NULL);
  close(m);
  char path[64];
  CHECK_EQ(ttyname_r(s, path, sizeof path), 0);
  int c = open(path, O_RDWR);
  CHECK(c >= 0);
  CHECK_EQ(tcgetsid(c), getpid());
  CHECK_EQ(write(c, "x", 1), 1);
  char b;
  CHECK_EQ(read(p[0], &b, 1), 1);
  CHECK(wait_flag(&nhup));
  CHECK_EQ(read(c, &b, 1), 0);
  CHECK_ERR(write(c, "y", 1), EIO);
  struct termios tio;
  CHECK_ERR(tcgetattr(c, &tio), EIO);
  struct pollfd pf = {c, POLLIN | POLLOUT, 0};
  CHECK_EQ(poll(&pf, 1, 0), 1);
  CHECK_EQ(pf.revents & (POLLIN | POLLOUT | POLLERR | POLLHUP), POLLIN | POLLOUT | POLLERR | POLLHUP);
  CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO);
  fflush(stdout);
  return husk_failures;
}

int main(void) {
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  CHECK_OK(pipe(p));
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) _exit(leader());
  close(s);
  /* The parent prints nothing until the child is done. */
  char b[4];
  int got = read_n(m, b, 1);
  int closed = close(m);
  int wrote = write(p[1], "c", 1);
  CHECK_EQ(child_status(c), 0);
  CHECK_EQ(got, 1);
  CHECK_EQ(closed, 0);
  CHECK_EQ(wrote, 1);
  DONE();
}
