// time_vdso: libc's time (through the vDSO) and the raw syscall read the same seconds, in order, storing them through the pointer when one is given.
#include "../common.h"
#include <sys/auxv.h>
#include <time.h>

int main(void) {
  CHECK(getauxval(AT_SYSINFO_EHDR) != 0);
  time_t a = time(NULL);
  time_t s = 0;
  time_t b = syscall(SYS_time, &s);
  time_t t = 0;
  time_t c = time(&t);
  CHECK(a > 1600000000);
  CHECK(a <= b && b <= c && c - a <= 1);
  CHECK_EQ(s, b);
  CHECK_EQ(t, c);
  CHECK_EQ(syscall(SYS_time, NULL) >= c, 1);
  // 1e4 calls, every fourth a syscall: never backwards.
  time_t last = 0;
  int back = 0;
  for (int i = 0; i < 10000; i++) {
    time_t now = (i % 4 == 3) ? (time_t)syscall(SYS_time, NULL) : time(NULL);
    if (now < last) back++;
    last = now;
  }
  CHECK_EQ(back, 0);
  DONE();
}
