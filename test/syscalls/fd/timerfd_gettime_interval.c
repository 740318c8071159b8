// timerfd_gettime_interval: timerfd_gettime reports an armed timer's interval exactly and the time to its next expiration (never more than the interval once running, relative even for an absolute deadline), zero for a disarmed (interval zero too) or expired one-shot timer; timerfd_settime's old value is what gettime would have said; a value beyond 2^63 ns stays armed.
#include "../common.h"
#include <sys/timerfd.h>
#include <time.h>

int main(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  CHECK(fd >= 0);
  struct itimerspec its = {{0, 250000000}, {2, 0}}, cur;
  CHECK_OK(timerfd_settime(fd, 0, &its, NULL));
  CHECK_OK(timerfd_gettime(fd, &cur));
  CHECK(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_nsec == 250000000);
  CHECK(cur.it_value.tv_sec == 1 || (cur.it_value.tv_sec == 2 && cur.it_value.tv_nsec == 0));

  // An absolute deadline 5 s ahead reads back as about 5 s left.
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  struct itimerspec abs = {{0, 0}, {now.tv_sec + 5, now.tv_nsec}}, old;
  CHECK_OK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &abs, &old));
  CHECK(old.it_interval.tv_sec == 0 && old.it_interval.tv_nsec == 250000000);
  CHECK(old.it_value.tv_sec <= 2);
  CHECK_OK(timerfd_gettime(fd, &cur));
  CHECK(cur.it_value.tv_sec == 4 || (cur.it_value.tv_sec == 5 && cur.it_value.tv_nsec == 0));
  CHECK(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_nsec == 0);

  // A one-shot that expired reads zero; so does a disarmed timer.
  struct itimerspec shot = {{0, 0}, {0, 1000000}};
  CHECK_OK(timerfd_settime(fd, 0, &shot, NULL));
  struct timespec ms5 = {0, 5000000};
  nanosleep(&ms5, NULL);
  CHECK_OK(timerfd_gettime(fd, &cur));
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
  uint64_t n;
  CHECK_EQ(read(fd, &n, 8), 8);
  CHECK_EQ(n, 1);
  struct itimerspec zero = {{0, 0}, {0, 0}};
  CHECK_OK(timerfd_settime(fd, 0, &its, NULL));
  CHECK_OK(timerfd_settime(fd, 0, &zero, &old));
  CHECK(old.it_interval.tv_nsec == 250000000);
  CHECK_OK(timerfd_gettime(fd, &cur));
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
  CHECK(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_nsec == 0);
  // A value far in the future (beyond 2^63 ns) stays armed.
  struct itimerspec huge = {{0, 0}, {(time_t)1 << 40, 0}};
  CHECK_OK(timerfd_settime(fd, 0, &huge, NULL));
  CHECK_OK(timerfd_gettime(fd, &cur));
  CHECK(cur.it_value.tv_sec > 1000000000);
  CHECK_ERR(read(fd, &n, 8), EAGAIN);
  DONE();
}
