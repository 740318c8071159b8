// clock_getres_values: the high-resolution clocks report 1ns, the coarse ones a tick (equal for both, under a second), NULL res is fine, an unknown clock is EINVAL and a bad pointer EFAULT.
#include "../common.h"
#include <time.h>

int main(void) {
  const struct { clockid_t id; const char *name; } fine[] = {
      {CLOCK_REALTIME, "REALTIME"},           {CLOCK_MONOTONIC, "MONOTONIC"},
      {CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW"}, {CLOCK_BOOTTIME, "BOOTTIME"},
      {CLOCK_TAI, "TAI"},                     {CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME_ID"},
      {CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME_ID"},
  };
  for (unsigned i = 0; i < sizeof fine / sizeof fine[0]; i++) {
    struct timespec ts = {99, 99};
    long r = syscall(SYS_clock_getres, fine[i].id, &ts);
    printf("%s: %ld %lld.%09ld\n", fine[i].name, r, (long long)ts.tv_sec, ts.tv_nsec);
  }
  struct timespec a = {99, 99}, b = {99, 99};
  CHECK_EQ(syscall(SYS_clock_getres, CLOCK_REALTIME_COARSE, &a), 0);
  CHECK_EQ(syscall(SYS_clock_getres, CLOCK_MONOTONIC_COARSE, &b), 0);
  CHECK(a.tv_sec == 0 && a.tv_nsec > 1 && a.tv_nsec < 1000000000);
  CHECK(a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec);
  CHECK_EQ(clock_getres(CLOCK_MONOTONIC, NULL), 0);
  CHECK_EQ(syscall(SYS_clock_getres, CLOCK_REALTIME, NULL), 0);
  struct timespec c;
  CHECK_EQ(clock_getres(CLOCK_MONOTONIC, &c), 0);
  CHECK(c.tv_sec == 0 && c.tv_nsec == 1);
  CHECK_ERR(syscall(SYS_clock_getres, 12345, &c), EINVAL);
  CHECK_ERR(syscall(SYS_clock_getres, 12, &c), EINVAL);
  CHECK_ERR(syscall(SYS_clock_getres, CLOCK_MONOTONIC, bad_ptr()), EFAULT);
  DONE();
}
