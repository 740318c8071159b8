// gettimeofday_fields: gettimeofday fills tv (usec < 1e6), accepts NULL pointers, and a bad tv is EFAULT.
#include "../common.h"
#include <sys/time.h>

int main(void) {
  struct timeval a, b;
  CHECK_EQ(gettimeofday(&a, NULL), 0);
  CHECK_EQ(syscall(SYS_gettimeofday, &b, NULL), 0);
  CHECK(a.tv_usec >= 0 && a.tv_usec < 1000000);
  CHECK(b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_usec >= a.tv_usec));
  CHECK_EQ(syscall(SYS_gettimeofday, NULL, NULL), 0);
  CHECK_ERR(syscall(SYS_gettimeofday, bad_ptr(), NULL), EFAULT);
  DONE();
}
