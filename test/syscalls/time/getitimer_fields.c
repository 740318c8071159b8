// getitimer_fields: getitimer reports each timer's time left (never more than set, counting down for ITIMER_REAL while the process sleeps, unchanged for ITIMER_VIRTUAL and ITIMER_PROF while it uses no CPU, plus the one tick Linux adds to them) and its interval, microseconds always below 1000000; a disarmed timer reads zero; the three timers are independent; an unknown timer is EINVAL and a bad pointer EFAULT.
#include "../common.h"
#include <signal.h>
#include <sys/time.h>
#include <time.h>

static long usec(struct timeval tv) { return tv.tv_sec * 1000000L + tv.tv_usec; }

int main(void) {
  signal(SIGALRM, SIG_IGN);
  struct itimerval cur;
  for (int w = ITIMER_REAL; w <= ITIMER_PROF; w++) {
    CHECK_OK(getitimer(w, &cur));
    CHECK(usec(cur.it_value) == 0 && usec(cur.it_interval) == 0);
  }
  struct itimerval r = {{1, 250000}, {3, 0}}, v = {{0, 0}, {5, 0}}, p = {{2, 0}, {7, 0}};
  CHECK_OK(setitimer(ITIMER_REAL, &r, NULL));
  CHECK_OK(setitimer(ITIMER_VIRTUAL, &v, NULL));
  CHECK_OK(setitimer(ITIMER_PROF, &p, NULL));
  struct timespec d = {0, 200000000};
  nanosleep(&d, NULL);
  CHECK_OK(getitimer(ITIMER_REAL, &cur));
  CHECK(usec(cur.it_value) <= 2800000 && usec(cur.it_value) > 1000000);
  CHECK(cur.it_value.tv_usec < 1000000);
  CHECK_EQ(usec(cur.it_interval), 1250000);
  CHECK_OK(getitimer(ITIMER_VIRTUAL, &cur));
  CHECK(usec(cur.it_value) <= 5000000 + 10000 && usec(cur.it_value) > 4800000);
  CHECK_EQ(usec(cur.it_interval), 0);
  CHECK_OK(getitimer(ITIMER_PROF, &cur));
  CHECK(usec(cur.it_value) <= 7000000 + 10000 && usec(cur.it_value) > 6800000);
  CHECK_EQ(usec(cur.it_interval), 2000000);
  struct itimerval off = {{0, 0}, {0, 0}};
  CHECK_OK(setitimer(ITIMER_VIRTUAL, &off, NULL));
  CHECK_OK(getitimer(ITIMER_VIRTUAL, &cur));
  CHECK_EQ(usec(cur.it_value), 0);
  CHECK_OK(getitimer(ITIMER_PROF, &cur));
  CHECK(usec(cur.it_value) > 0);
  CHECK_OK(setitimer(ITIMER_REAL, &off, NULL));
  CHECK_OK(setitimer(ITIMER_PROF, &off, NULL));
  CHECK_ERR(getitimer(3, &cur), EINVAL);
  CHECK_ERR(getitimer(-1, &cur), EINVAL);
  CHECK_ERR(getitimer(ITIMER_PROF, bad_ptr()), EFAULT);
  DONE();
}
