// setitimer_real: an ITIMER_REAL interval timer fires SIGALRM repeatedly until disarmed; setitimer returns the old value (interval kept, value at most what was set); getitimer of a disarmed timer is zero; microseconds >= 1000000 and an unknown timer are EINVAL; bad pointers are EFAULT.
#include "../common.h"
#include <signal.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t fired;
static void on_alarm(int s) {
  (void)s;
  fired++;
}

int main(void) {
  signal(SIGALRM, on_alarm);
  struct itimerval it = {{0, 10000}, {0, 10000}}, old;
  CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
  while (fired < 3) pause();
  struct itimerval off = {{0, 0}, {0, 0}};
  CHECK_OK(setitimer(ITIMER_REAL, &off, &old));
  CHECK_EQ(old.it_interval.tv_sec, 0);
  CHECK_EQ(old.it_interval.tv_usec, 10000);
  CHECK(old.it_value.tv_sec == 0 && old.it_value.tv_usec <= 10000);
  int seen = fired;
  struct timespec d = {0, 50000000};
  nanosleep(&d, NULL);
  CHECK_EQ(fired, seen);
  struct itimerval cur;
  CHECK_OK(getitimer(ITIMER_REAL, &cur));
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);
  CHECK(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_usec == 0);

  struct itimerval one = {{0, 0}, {100, 0}};
  CHECK_OK(setitimer(ITIMER_REAL, &one, NULL));
  CHECK_OK(getitimer(ITIMER_REAL, &cur));
  CHECK(cur.it_value.tv_sec <= 100 && cur.it_value.tv_sec >= 98);
  CHECK_EQ(cur.it_interval.tv_sec, 0);
  CHECK_OK(setitimer(ITIMER_REAL, &off, NULL));

  struct itimerval bad = {{0, 0}, {0, 1000000}};
  CHECK_ERR(setitimer(ITIMER_REAL, &bad, NULL), EINVAL);
  CHECK_ERR(setitimer(99, &it, NULL), EINVAL);
  CHECK_ERR(getitimer(99, &cur), EINVAL);
  CHECK_ERR(getitimer(ITIMER_REAL, bad_ptr()), EFAULT);
  CHECK_ERR(setitimer(ITIMER_REAL, bad_ptr(), NULL), EFAULT);
  DONE();
}
