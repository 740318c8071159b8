// timer_create_signal: a CLOCK_MONOTONIC timer with SIGEV_SIGNAL delivers its signal with SI_TIMER and the sigev_value; an interval timer fires repeatedly; timer_gettime shows the interval; a deleted timer id is EINVAL; a bad clock or notify is EINVAL.
#include "../common.h"
#include <signal.h>
#include <time.h>

static volatile int hits, code, val;
static void h(int sig, siginfo_t *si, void *uc) {
  (void)sig; (void)uc;
  hits++;
  code = si->si_code;
  val = si->si_value.sival_int;
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = h;
  sa.sa_flags = SA_SIGINFO;
  CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
  struct sigevent sev = {0};
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = SIGUSR1;
  sev.sigev_value.sival_int = 1234;
  timer_t id;
  CHECK_OK(timer_create(CLOCK_MONOTONIC, &sev, &id));
  struct itimerspec its = {{0, 20 * 1000 * 1000}, {0, 20 * 1000 * 1000}}, cur;
  CHECK_OK(timer_settime(id, 0, &its, NULL));
  CHECK_OK(timer_gettime(id, &cur));
  CHECK_EQ(cur.it_interval.tv_nsec, 20 * 1000 * 1000);
  while (hits < 3) pause();
  CHECK_EQ(code, SI_TIMER);
  CHECK_EQ(val, 1234);
  CHECK_OK(timer_delete(id));
  CHECK_ERR(timer_settime(id, 0, &its, NULL), EINVAL);
  CHECK_ERR(syscall(SYS_timer_create, 12345, &sev, &id), EINVAL);
  sev.sigev_notify = 99;
  CHECK_ERR(timer_create(CLOCK_MONOTONIC, &sev, &id), EINVAL);
  DONE();
}
