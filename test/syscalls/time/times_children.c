// times_children: times() counts a reaped child's CPU time in tms_cutime + tms_cstime (and not before it is reaped), this process's own time stays below it, and its return value (clock ticks) advances with the monotonic clock; a bad pointer is EFAULT.
#include "../common.h"
#include <sys/times.h>
#include <time.h>

static void burn(void) {
  volatile unsigned long x = 0;
  for (long i = 0; i < 400000000L; i++) x += i;
}

int main(void) {
  struct tms a, b;
  clock_t t0 = times(&a);
  CHECK(t0 != (clock_t)-1);
  CHECK_EQ(a.tms_cutime + a.tms_cstime, 0);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    burn();
    _exit(0);
  }
  struct timespec d = {0, 20000000};
  nanosleep(&d, NULL);
  int st;
  CHECK_EQ(waitpid(c, &st, 0), c);
  clock_t t1 = times(&b);
  CHECK(t1 > t0);
  CHECK(b.tms_cutime + b.tms_cstime >= 5); /* at least 50 ms of work */
  CHECK(b.tms_utime + b.tms_stime < b.tms_cutime + b.tms_cstime);
  CHECK_ERR(syscall(SYS_times, bad_ptr()), EFAULT);
  DONE();
}
