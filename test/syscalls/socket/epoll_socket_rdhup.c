// epoll_socket_rdhup: epoll on a unix stream socket wakes a blocked epoll_wait with EPOLLIN when the peer writes (from another process), reports EPOLLRDHUP when the peer shuts down writing and EPOLLHUP once it closes; edge-triggered EPOLLOUT fires once.
#include "../common.h"
#include <sys/epoll.h>
#include <sys/socket.h>

int main(void) {
  int sv[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  int ep = epoll_create1(0);
  struct epoll_event e = {.events = EPOLLIN | EPOLLRDHUP, .data.u32 = 7}, out[2];
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &e));
  CHECK_EQ(epoll_wait(ep, out, 2, 0), 0);
  pid_t pid = fork();
  if (pid == 0) {
    usleep(50000);
    if (write(sv[1], "data", 4) != 4) _exit(1);
    usleep(50000);
    shutdown(sv[1], SHUT_WR);
    _exit(0);
  }
  CHECK_EQ(epoll_wait(ep, out, 2, 5000), 1);
  CHECK_EQ(out[0].data.u32, 7);
  CHECK_EQ(out[0].events, EPOLLIN);
  char b[8];
  CHECK_EQ(read(sv[0], b, sizeof b), 4);
  CHECK_EQ(epoll_wait(ep, out, 2, 5000), 1);
  CHECK_EQ(out[0].events, EPOLLIN | EPOLLRDHUP);
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK_OK(close(sv[1]));
  CHECK_EQ(epoll_wait(ep, out, 2, 0), 1);
  CHECK_EQ(out[0].events, EPOLLIN | EPOLLRDHUP | EPOLLHUP);

  int sv2[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv2));
  struct epoll_event o = {.events = EPOLLOUT | EPOLLET, .data.u32 = 9};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, sv2[0], &o));
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_DEL, sv[0], NULL));
  CHECK_EQ(epoll_wait(ep, out, 2, 0), 1);
  CHECK_EQ(out[0].events, EPOLLOUT);
  CHECK_EQ(epoll_wait(ep, out, 2, 0), 0);
  DONE();
}
