// gettimeofday_vdso: libc's gettimeofday (through the vDSO) and the raw syscall agree with each other and with CLOCK_REALTIME, in order; the timezone may be asked for or not, and tv may be NULL.
#include "../common.h"
#include <sys/auxv.h>
#include <sys/time.h>
#include <time.h>

static long long us(const struct timeval *t) { return t->tv_sec * 1000000LL + t->tv_usec; }

int main(void) {
  CHECK(getauxval(AT_SYSINFO_EHDR) != 0);
  struct timeval a, b, c;
  struct timezone tz;
  CHECK_EQ(gettimeofday(&a, NULL), 0);
  CHECK_EQ(syscall(SYS_gettimeofday, &b, NULL), 0);
  CHECK_EQ(gettimeofday(&c, &tz), 0);
  CHECK(a.tv_usec >= 0 && a.tv_usec < 1000000 && c.tv_usec >= 0 && c.tv_usec < 1000000);
  CHECK(us(&a) <= us(&b) && us(&b) <= us(&c));
  CHECK(us(&c) - us(&a) < 1000000);
  CHECK(a.tv_sec > 1600000000);
  // CLOCK_REALTIME is the same clock.
  struct timespec ts;
  struct timeval d;
  CHECK_EQ(clock_gettime(CLOCK_REALTIME, &ts), 0);
  CHECK_EQ(gettimeofday(&d, NULL), 0);
  CHECK(ts.tv_sec * 1000000LL + ts.tv_nsec / 1000 <= us(&d));
  CHECK(us(&d) - (ts.tv_sec * 1000000LL + ts.tv_nsec / 1000) < 1000000);
  // Only a timezone, or nothing at all.
  CHECK_EQ(gettimeofday(NULL, &tz), 0);
  CHECK_EQ(gettimeofday(NULL, NULL), 0);
  CHECK_EQ(syscall(SYS_gettimeofday, NULL, NULL), 0);
  // 1e4 calls, every fourth a syscall: never backwards.
  long long last = 0;
  int back = 0;
  for (int i = 0; i < 10000; i++) {
    struct timeval t;
    if (i % 4 == 3)
      syscall(SYS_gettimeofday, &t, NULL);
    else
      gettimeofday(&t, NULL);
    if (us(&t) < last) back++;
    last = us(&t);
  }
  CHECK_EQ(back, 0);
  DONE();
}
