// clock_gettime_errors: an unknown clock id is EINVAL; a bad timespec pointer is EFAULT (raw syscall, no vDSO).
#include "../common.h"
#include <time.h>

int main(void) {
  struct timespec t;
  CHECK_ERR(syscall(SYS_clock_gettime, 9999, &t), EINVAL);
  CHECK_ERR(syscall(SYS_clock_gettime, -1, &t), EINVAL);
  CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bad_ptr()), EFAULT);
  CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_REALTIME, kernel_ptr()), EFAULT);
  CHECK_ERR(clock_gettime(9999, &t), EINVAL);
  DONE();
}
