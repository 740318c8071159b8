// nanosleep_errors: a negative or out-of-range timespec is EINVAL, a bad pointer EFAULT, a zero sleep returns at once, and a 20 ms sleep lasts at least 20 ms by CLOCK_MONOTONIC; clock_nanosleep with TIMER_ABSTIME in the past returns at once and an unknown clock is EINVAL.
#include "../common.h"
#include <time.h>

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void) {
  struct timespec bad = {0, 1000000000}, neg = {-1, 0}, zero = {0, 0}, d = {0, 20 * 1000 * 1000};
  CHECK_ERR(nanosleep(&bad, NULL), EINVAL);
  CHECK_ERR(nanosleep(&neg, NULL), EINVAL);
  CHECK_ERR(syscall(SYS_nanosleep, bad_ptr(), NULL), EFAULT);
  CHECK_OK(nanosleep(&zero, NULL));
  long long t0 = now_ns();
  CHECK_OK(nanosleep(&d, NULL));
  CHECK(now_ns() - t0 >= 20 * 1000 * 1000);
  struct timespec past;
  clock_gettime(CLOCK_MONOTONIC, &past);
  past.tv_sec -= 1;
  CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL), 0);
  CHECK_EQ(clock_nanosleep(12345, 0, &zero, NULL), EINVAL);
  DONE();
}
