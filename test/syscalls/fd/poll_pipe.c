// poll_pipe: poll reports nothing for an empty pipe (timeout 0 returns 0), POLLIN once data arrives, POLLHUP when the writer is gone, POLLNVAL for a closed fd, and a regular file as always readable and writable; select agrees on the pipe.
#include "../common.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/select.h>

int main(void) {
  int p[2];
  CHECK_OK(pipe(p));
  struct pollfd f[3] = {{.fd = p[0], .events = POLLIN}, {.fd = 999, .events = POLLIN}, {.fd = -1}};
  CHECK_EQ(poll(f, 1, 0), 0);
  CHECK_EQ(write(p[1], "x", 1), 1);
  CHECK_EQ(poll(f, 1, 1000), 1);
  CHECK_EQ(f[0].revents, POLLIN);
  CHECK_EQ(poll(f, 3, 0), 2);
  CHECK_EQ(f[1].revents, POLLNVAL);
  CHECK_EQ(f[2].revents, 0);
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  struct timeval tv = {0, 0};
  CHECK_EQ(select(p[0] + 1, &rd, NULL, NULL, &tv), 1);
  CHECK(FD_ISSET(p[0], &rd));
  char c;
  CHECK_EQ(read(p[0], &c, 1), 1);
  FD_SET(p[0], &rd);
  CHECK_EQ(select(p[0] + 1, &rd, NULL, NULL, &tv), 0);
  CHECK_OK(close(p[1]));
  CHECK_EQ(poll(f, 1, 0), 1);
  CHECK(f[0].revents & POLLHUP);
  int reg = open("/etc/passwd", O_RDONLY);
  struct pollfd g = {.fd = reg, .events = POLLIN | POLLOUT};
  CHECK_EQ(poll(&g, 1, 0), 1);
  CHECK_EQ(g.revents, POLLIN | POLLOUT);
  DONE();
}
