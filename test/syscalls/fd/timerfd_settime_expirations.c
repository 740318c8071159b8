// timerfd_settime_expirations: a one-shot relative timer expires once (read blocks until then and returns 1, then EAGAIN nonblocking); an interval timer counts every expiration between reads; an absolute deadline in the past expires at once; the old value comes back; disarming drops unread expirations; poll and epoll see the timer readable exactly when expirations are pending.
#include "../common.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&ts, NULL);
}

int main(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  CHECK(fd >= 0);
  // One-shot, 20 ms: a blocking read waits for it.
  struct itimerspec its = {{0, 0}, {0, 20000000}};
  CHECK_OK(timerfd_settime(fd, 0, &its, NULL));
  struct itimerspec cur;
  CHECK_OK(timerfd_gettime(fd, &cur));
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 20000000);
  struct pollfd pfd = {fd, POLLIN, 0};
  CHECK_EQ(poll(&pfd, 1, 0), 0);
  uint64_t n = 0;
  CHECK_EQ(read(fd, &n, 8), 8);
  CHECK_EQ(n, 1);
  CHECK_OK(timerfd_gettime(fd, &cur));
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
  CHECK_OK(fcntl(fd, F_SETFL, O_NONBLOCK));
  CHECK_ERR(read(fd, &n, 8), EAGAIN);

  // Interval 10 ms: after ~100 ms, several expirations in one read.
  struct itimerspec per = {{0, 10000000}, {0, 10000000}};
  struct itimerspec old;
  CHECK_OK(timerfd_settime(fd, 0, &per, &old));
  CHECK(old.it_value.tv_sec == 0 && old.it_value.tv_nsec == 0);
  sleep_ms(100);
  CHECK_EQ(poll(&pfd, 1, 0), 1);
  CHECK_EQ(pfd.revents, POLLIN);
  CHECK_EQ(read(fd, &n, 8), 8);
  printf("expirations >= 5: %d\n", n >= 5);
  // The old value of an armed interval timer.
  struct itimerspec off = {{0, 0}, {0, 0}};
  sleep_ms(30);
  CHECK_OK(timerfd_settime(fd, 0, &off, &old));
  CHECK(old.it_interval.tv_sec == 0 && old.it_interval.tv_nsec == 10000000);
  CHECK(old.it_value.tv_sec == 0 && old.it_value.tv_nsec > 0 && old.it_value.tv_nsec <= 10000000);
  // Disarming dropped the pending expirations.
  CHECK_ERR(read(fd, &n, 8), EAGAIN);

  // Absolute, already past: expires at once.
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  struct itimerspec abs = {{0, 0}, {now.tv_sec - 1, now.tv_nsec}};
  if (abs.it_value.tv_sec <= 0) abs.it_value.tv_sec = 1;
  CHECK_OK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &abs, NULL));
  sleep_ms(1);
  CHECK_EQ(read(fd, &n, 8), 8);
  CHECK_EQ(n, 1);
  // Absolute in the future on CLOCK_REALTIME, with CANCEL_ON_SET: accepted.
  int rt = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
  CHECK(rt >= 0);
  struct timespec rnow;
  clock_gettime(CLOCK_REALTIME, &rnow);
  struct itimerspec rabs = {{0, 0}, {rnow.tv_sec + 100, 0}};
  CHECK_OK(timerfd_settime(rt, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &rabs, NULL));
  CHECK_OK(timerfd_gettime(rt, &cur));
  CHECK(cur.it_value.tv_sec >= 98 && cur.it_value.tv_sec <= 100);
  CHECK_ERR(read(rt, &n, 8), EAGAIN);

  // epoll wakes when the timer expires.
  int ep = epoll_create1(0);
  CHECK(ep >= 0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 7};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
  struct epoll_event out;
  CHECK_EQ(epoll_wait(ep, &out, 1, 0), 0);
  its.it_value.tv_nsec = 30000000;
  CHECK_OK(timerfd_settime(fd, 0, &its, NULL));
  CHECK_EQ(epoll_wait(ep, &out, 1, 5000), 1);
  CHECK_EQ(out.data.u64, 7);
  CHECK_EQ(out.events, EPOLLIN);
  CHECK_EQ(read(fd, &n, 8), 8);
  CHECK_EQ(n, 1);
  CHECK_EQ(epoll_wait(ep, &out, 1, 0), 0);
  DONE();
}
