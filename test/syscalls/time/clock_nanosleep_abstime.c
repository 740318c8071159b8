// clock_nanosleep_abstime: with TIMER_ABSTIME it sleeps until the absolute time on CLOCK_MONOTONIC or CLOCK_REALTIME (a time already past returns at once); an interrupted absolute sleep returns EINTR without touching the remainder; it returns errors directly (not in errno): EINVAL for a bad timespec, an unknown clock or CLOCK_THREAD_CPUTIME_ID, EFAULT for a bad pointer.
#include "../common.h"
#include <signal.h>
#include <sys/time.h>
#include <time.h>

static void on_alarm(int s) { (void)s; }

static double now(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

int main(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  t.tv_nsec += 50000000;
  if (t.tv_nsec >= 1000000000) {
    t.tv_nsec -= 1000000000;
    t.tv_sec++;
  }
  double target = t.tv_sec + t.tv_nsec / 1e9;
  CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL), 0);
  CHECK(now(CLOCK_MONOTONIC) >= target);

  clock_gettime(CLOCK_REALTIME, &t);
  t.tv_sec -= 10; /* in the past */
  double before = now(CLOCK_MONOTONIC);
  CHECK_EQ(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &t, NULL), 0);
  CHECK(now(CLOCK_MONOTONIC) - before < 1.0);

  struct sigaction sa = {0};
  sa.sa_handler = on_alarm;
  CHECK_OK(sigaction(SIGALRM, &sa, NULL));
  struct itimerval it = {{0, 0}, {0, 30000}};
  CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
  clock_gettime(CLOCK_MONOTONIC, &t);
  t.tv_sec += 5;
  struct timespec rem = {123, 456};
  CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, &rem), EINTR);
  CHECK(rem.tv_sec == 123 && rem.tv_nsec == 456);

  struct timespec bad = {0, 1000000000};
  CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &bad, NULL), EINVAL);
  CHECK_EQ(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &t, NULL), EINVAL);
  CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, bad_ptr(), NULL), EFAULT);
  CHECK_EQ(clock_nanosleep(99, 0, &t, NULL), EINVAL);
  DONE();
}
