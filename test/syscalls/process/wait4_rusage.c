// wait4_rusage: wait4 fills the rusage of the reaped child (its CPU time covers the work it did, microseconds in range); getrusage(RUSAGE_CHILDREN) then covers it, RUSAGE_SELF and RUSAGE_THREAD report this process; an unknown who is EINVAL and a bad pointer EFAULT.
#include "../common.h"
#include <sys/resource.h>
#include <sys/time.h>

static double secs(struct timeval tv) { return tv.tv_sec + tv.tv_usec / 1e6; }

/* A fixed amount of work: its CPU time does not depend on the load. */
static void burn(void) {
  volatile unsigned long x = 0;
  for (long i = 0; i < 300000000L; i++) x += i;
}

int main(void) {
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    burn();
    _exit(3);
  }
  int st;
  struct rusage ru;
  memset(&ru, 0xff, sizeof ru);
  CHECK_EQ(wait4(c, &st, 0, &ru), c);
  CHECK_EQ(WEXITSTATUS(st), 3);
  double cpu = secs(ru.ru_utime) + secs(ru.ru_stime);
  CHECK(cpu >= 0.05 && cpu < 30);
  CHECK(ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);
  struct rusage ch;
  CHECK_OK(getrusage(RUSAGE_CHILDREN, &ch));
  CHECK(secs(ch.ru_utime) + secs(ch.ru_stime) >= cpu - 0.02);
  struct rusage self, thr;
  CHECK_OK(getrusage(RUSAGE_SELF, &self));
  CHECK_OK(getrusage(RUSAGE_THREAD, &thr));
  CHECK(self.ru_utime.tv_usec >= 0 && self.ru_utime.tv_usec < 1000000);
  CHECK(secs(self.ru_utime) + secs(self.ru_stime) < cpu);
  CHECK_ERR(getrusage(99, &self), EINVAL);
  CHECK_ERR(getrusage(RUSAGE_SELF, bad_ptr()), EFAULT);
  DONE();
}
