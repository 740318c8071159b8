// timer_gettime_disarmed: a new timer reads all zero; after timer_settime it reports the time left (no more than set) and the interval; disarming with a zero value succeeds; a bad pointer is EFAULT.
#include "../common.h"
#include <signal.h>
#include <time.h>

int main(void) {
  struct sigevent sev = {.sigev_notify = SIGEV_NONE};
  timer_t id;
  CHECK_OK(timer_create(CLOCK_REALTIME, &sev, &id));
  struct itimerspec cur, its = {{1, 0}, {5, 0}}, zero = {{0, 0}, {0, 0}};
  CHECK_OK(timer_gettime(id, &cur));
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
  CHECK_OK(timer_settime(id, 0, &its, NULL));
  CHECK_OK(timer_gettime(id, &cur));
  CHECK(cur.it_value.tv_sec <= 5 && cur.it_value.tv_sec >= 4);
  CHECK_EQ(cur.it_interval.tv_sec, 1);
  CHECK_OK(timer_settime(id, 0, &zero, NULL));
  CHECK_ERR(syscall(SYS_timer_gettime, id, bad_ptr()), EFAULT);
  DONE();
}
