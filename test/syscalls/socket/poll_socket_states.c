// poll_socket_states: poll reports what Linux does for each state of a unix stream socket: a new one POLLOUT|POLLHUP, a listener nothing then POLLIN with a connection queued, a connected pair POLLOUT then POLLIN with data, a peer that shut down writing POLLIN|POLLRDHUP, a closed peer POLLIN|POLLOUT|POLLHUP|POLLRDHUP; a datagram socket POLLOUT.
#include "../common.h"
#include <poll.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static int ev(int fd) {
  struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP};
  if (poll(&p, 1, 0) < 0) return -1;
  return p.revents;
}

int main(void) {
  int u = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_EQ(ev(u), POLLOUT | POLLHUP);
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  int n = snprintf(a.sun_path + 1, sizeof a.sun_path - 1, "husk-pollst-%d", getpid());
  socklen_t al = offsetof(struct sockaddr_un, sun_path) + 1 + n;
  CHECK_OK(bind(u, (struct sockaddr *)&a, al));
  CHECK_OK(listen(u, 2));
  CHECK_EQ(ev(u), 0);
  int c = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK(connect(c, (struct sockaddr *)&a, al));
  CHECK_EQ(ev(u), POLLIN);
  int s = accept(u, NULL, NULL);
  CHECK_EQ(ev(u), 0);
  CHECK_EQ(ev(c), POLLOUT);
  CHECK_EQ(ev(s), POLLOUT);
  CHECK_EQ(write(c, "x", 1), 1);
  CHECK_EQ(ev(s), POLLIN | POLLOUT);
  CHECK_OK(shutdown(c, SHUT_WR));
  CHECK_EQ(ev(s), POLLIN | POLLOUT | POLLRDHUP);
  CHECK_OK(close(c));
  CHECK_EQ(ev(s), POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
  int d = socket(AF_UNIX, SOCK_DGRAM, 0);
  CHECK_EQ(ev(d), POLLOUT);
  struct pollfd p = {.fd = s, .events = 0};
  CHECK_EQ(poll(&p, 1, 0), 1);
  CHECK_EQ(p.revents, POLLHUP);
  DONE();
}
