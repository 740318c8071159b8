// timer_delete_ids: deleting a timer makes its id invalid (EINVAL for a second delete and for gettime); ids of live timers stay valid.
#include "../common.h"
#include <signal.h>
#include <time.h>

int main(void) {
  struct sigevent sev = {.sigev_notify = SIGEV_NONE};
  timer_t a, b;
  CHECK_OK(timer_create(CLOCK_MONOTONIC, &sev, &a));
  CHECK_OK(timer_create(CLOCK_MONOTONIC, &sev, &b));
  CHECK_OK(timer_delete(a));
  CHECK_ERR(timer_delete(a), EINVAL);
  struct itimerspec cur;
  CHECK_ERR(timer_gettime(a, &cur), EINVAL);
  CHECK_OK(timer_gettime(b, &cur));
  CHECK_OK(timer_delete(b));
  DONE();
}
