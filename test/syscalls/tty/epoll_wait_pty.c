// epoll_wait_pty: poll and epoll see a pty's readiness: the replica is writable and readable only once a whole line is queued (canonical mode), the master is readable when echo or output waits and writable; closing the replica wakes an epoll waiter on the master with EPOLLHUP.
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
    int pr = poll(&p, 1, 2000);
    if (pr < 0 && errno == EINTR) continue;
    if (pr <= 0) break;
    int r = read(fd, buf + got, n - got);
    if (r < 0 && errno == EINTR) continue;
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
