// epoll_wait_pipe: a pipe's read end is reported EPOLLIN with its data once bytes arrive (level-triggered: again while unread; edge-triggered: once per write; one-shot: once until EPOLL_CTL_MOD); EPOLLHUP when the writer closes; a timeout of 0 returns 0; EEXIST, ENOENT, EPERM (a regular file) and EINVAL (maxevents 0, epfd as its own target) as Linux gives them.
#include "../common.h"
#include <fcntl.h>
#include <sys/epoll.h>

int main(void) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  CHECK(ep >= 0);
  int p[2];
  CHECK_OK(pipe(p));
  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 77}, out[4];
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
  CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST);
  CHECK_EQ(epoll_wait(ep, out, 4, 0), 0);
  CHECK_EQ(write(p[1], "ab", 2), 2);
  CHECK_EQ(epoll_wait(ep, out, 4, 1000), 1);
  CHECK_EQ(out[0].data.u64, 77);
  CHECK(out[0].events & EPOLLIN);
  CHECK_EQ(epoll_wait(ep, out, 4, 0), 1); /* level: still unread */
  ev.events = EPOLLIN | EPOLLET;
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
  CHECK_EQ(epoll_wait(ep, out, 4, 0), 1);
  CHECK_EQ(epoll_wait(ep, out, 4, 0), 0); /* edge: nothing new */
  CHECK_EQ(write(p[1], "c", 1), 1);
  CHECK_EQ(epoll_wait(ep, out, 4, 0), 1);
  ev.events = EPOLLIN | EPOLLONESHOT;
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
  CHECK_EQ(epoll_wait(ep, out, 4, 0), 1);
  CHECK_EQ(epoll_wait(ep, out, 4, 0), 0); /* one-shot fired */
  char buf[8];
  CHECK_EQ(read(p[0], buf, sizeof buf), 3);
  ev.events = EPOLLIN;
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
  CHECK_OK(close(p[1]));
  CHECK_EQ(epoll_wait(ep, out, 4, 0), 1);
  CHECK(out[0].events & EPOLLHUP);
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
  CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), ENOENT);
  int reg = open("/etc/passwd", O_RDONLY);
  CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, reg, &ev), EPERM);
  CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
  CHECK_ERR(epoll_wait(ep, out, 0, 0), EINVAL);
  CHECK_ERR(epoll_create1(0x1), EINVAL);
  DONE();
}
