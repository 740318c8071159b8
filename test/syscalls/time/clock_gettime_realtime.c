// clock_gettime_realtime: CLOCK_REALTIME is after 2020 and agrees with time() and gettimeofday() within seconds.
#include "../common.h"
#include <sys/time.h>
#include <time.h>

int main(void) {
  struct timespec t;
  CHECK_EQ(syscall(SYS_clock_gettime, CLOCK_REALTIME, &t), 0);
  CHECK(t.tv_sec > 1577836800); /* 2020-01-01 */
  long now = syscall(SYS_time, NULL);
  /* time() reads the coarse clock, which may trail CLOCK_REALTIME by a tick. */
  CHECK(now >= t.tv_sec - 1 && now - t.tv_sec < 5);
  struct timeval tv;
  CHECK_EQ(syscall(SYS_gettimeofday, &tv, NULL), 0);
  CHECK(tv.tv_sec >= t.tv_sec && tv.tv_sec - t.tv_sec < 5);
  CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
  CHECK_EQ(clock_gettime(CLOCK_REALTIME_COARSE, &t), 0);
  CHECK(t.tv_sec > 1577836800);
  DONE();
}
