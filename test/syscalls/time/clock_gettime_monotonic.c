// clock_gettime_monotonic: CLOCK_MONOTONIC never goes back, through the vDSO and the raw syscall alike.
#include "../common.h"
#include <time.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
  struct timespec prev, t;
  CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &prev), 0);
  int ok = 1, nsec_ok = 1;
  for (int i = 0; i < 2000; i++) {
    if (i & 1) syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &t);
    else clock_gettime(CLOCK_MONOTONIC, &t);
    ok &= ns(t) >= ns(prev);
    nsec_ok &= t.tv_nsec >= 0 && t.tv_nsec < 1000000000;
    prev = t;
  }
  CHECK(ok);
  CHECK(nsec_ok);
  CHECK_EQ(syscall(SYS_clock_gettime, CLOCK_BOOTTIME, &t), 0);
  CHECK(ns(t) >= ns(prev) - 1000000000LL * 3600 * 24 * 365 * 100);
  CHECK_EQ(syscall(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, &t), 0);
  DONE();
}
