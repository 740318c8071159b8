// sched_rr_get_interval_errors: the caller's interval (pid 0 or its own pid) is a valid timespec under a second; a negative pid is EINVAL, an unknown one ESRCH, a bad buffer EFAULT.
#include "../common.h"
#include <sched.h>
#include <time.h>

int main(void) {
  struct timespec ts = {-1, -1};
  CHECK_OK(sched_rr_get_interval(0, &ts));
  CHECK(ts.tv_sec == 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000L);
  CHECK_OK(sched_rr_get_interval(getpid(), &ts));
  CHECK(ts.tv_sec == 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000L);
  CHECK_ERR(sched_rr_get_interval(-1, &ts), EINVAL);
  CHECK_ERR(sched_rr_get_interval(0x3fffffff, &ts), ESRCH);
  CHECK_ERR(syscall(SYS_sched_rr_get_interval, 0, bad_ptr()), EFAULT);
  DONE();
}
