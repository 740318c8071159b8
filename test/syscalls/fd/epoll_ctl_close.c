// epoll_ctl_close: closing the only descriptor of a watched pipe end drops it from the epoll set (EPOLL_CTL_DEL then says EBADF for the fd, and the peer sees EOF: the epoll set holds no reference).
#include "../common.h"
#include <sys/epoll.h>

int main(void) {
  int ep = epoll_create1(0);
  int p[2];
  CHECK_OK(pipe(p));
  struct epoll_event ev = {.events = EPOLLOUT, .data.u64 = 1}, out[2];
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev));
  CHECK_EQ(epoll_wait(ep, out, 2, 0), 1);
  CHECK_OK(close(p[1]));
  CHECK_EQ(epoll_wait(ep, out, 2, 0), 0);
  char c;
  CHECK_EQ(read(p[0], &c, 1), 0); /* EOF: the write end is really gone */
  CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL), EBADF);
  DONE();
}
