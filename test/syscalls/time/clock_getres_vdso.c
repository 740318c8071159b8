// clock_getres_vdso: libc's clock_getres (through the vDSO for the clocks it keeps) answers what the raw syscall does for every clock, NULL res included, and EINVAL for an unknown clock.
#include "../common.h"
#include <sys/auxv.h>
#include <time.h>

int main(void) {
  CHECK(getauxval(AT_SYSINFO_EHDR) != 0);
  const struct { clockid_t id; const char *name; } clocks[] = {
      {CLOCK_REALTIME, "REALTIME"},
      {CLOCK_MONOTONIC, "MONOTONIC"},
      {CLOCK_BOOTTIME, "BOOTTIME"},
      {CLOCK_REALTIME_COARSE, "REALTIME_COARSE"},
      {CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE"},
      {CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW"},
      {CLOCK_TAI, "TAI"},
      {CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME_ID"},
      {CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME_ID"},
  };
  for (unsigned i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
    struct timespec l = {99, 99}, s = {77, 77};
    int rl = clock_getres(clocks[i].id, &l);
    long rs = syscall(SYS_clock_getres, clocks[i].id, &s);
    printf("%s: %d %ld %s\n", clocks[i].name, rl, rs,
           l.tv_sec == s.tv_sec && l.tv_nsec == s.tv_nsec ? "same" : "DIFFERENT");
    if (clocks[i].id != CLOCK_REALTIME_COARSE && clocks[i].id != CLOCK_MONOTONIC_COARSE)
      CHECK(l.tv_sec == 0 && l.tv_nsec == 1);
    CHECK_EQ(clock_getres(clocks[i].id, NULL), 0);
  }
  struct timespec r;
  CHECK_ERR(clock_getres(12345, &r), EINVAL);
  CHECK_ERR(clock_getres(-5, NULL), EINVAL);
  DONE();
}
