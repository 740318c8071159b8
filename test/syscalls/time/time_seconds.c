// time_seconds: time() returns the seconds since the epoch and stores them through its pointer; a bad pointer is EFAULT.
#include "../common.h"
#include <time.h>

int main(void) {
  long t = 0;
  long r = syscall(SYS_time, &t);
  CHECK(r > 1577836800);
  CHECK(t == r);
  CHECK(time(NULL) >= r);
  CHECK_ERR(syscall(SYS_time, bad_ptr()), EFAULT);
  DONE();
}
