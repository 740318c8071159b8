// epoll_wait_pty: poll and epoll see a pty's readiness: the replica is writable and readable only once a whole line is queued (canonical mode), the master is readable when echo or output waits and writable; closing the replica wakes an epoll waiter on the master with EPOLLHUP.
#include "../common.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

#include "pty.h"
#include <sys/epoll.h>

int main(void) {
  int m, s;
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  struct termios t;
  tcgetattr(s, &t);
  t.c_lflag &= ~ECHO;
  tcsetattr(s, TCSANOW, &t);
  struct pollfd p[2] = {{m, POLLIN | POLLOUT, 0}, {s, POLLIN | POLLOUT, 0}};
  CHECK_EQ(poll(p, 2, 0), 2);
  CHECK_EQ(p[0].revents, POLLOUT);
  CHECK_EQ(p[1].revents, POLLOUT);
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 1};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
  ev.data.u32 = 2;
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, m, &ev));
  struct epoll_event out[2];
  CHECK_EQ(epoll_wait(ep, out, 2, 0), 0);
  CHECK_EQ(write(m, "half", 4), 4);
  CHECK_EQ(epoll_wait(ep, out, 2, 100), 0);
  CHECK_EQ(write(m, "\n", 1), 1);
  CHECK_EQ(epoll_wait(ep, out, 2, 2000), 1);
  CHECK(out[0].data.u32 == 1 && out[0].events == EPOLLIN);
  char buf[16];
  CHECK_EQ(read(s, buf, sizeof buf), 5);
  CHECK_EQ(write(s, "o", 1), 1);
  CHECK_EQ(epoll_wait(ep, out, 2, 2000), 1);
  CHECK(out[0].data.u32 == 2 && out[0].events == EPOLLIN);
  CHECK_EQ(read(m, buf, sizeof buf), 1);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    usleep(100000);
    close(s);
    _exit(0);
  }
  close(s);
  CHECK_EQ(epoll_wait(ep, out, 2, 2000), 1);
  CHECK(out[0].data.u32 == 2 && (out[0].events & EPOLLHUP));
  CHECK_EQ(child_status(c), 0);
  DONE();
}
