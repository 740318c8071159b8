// sched_yield_zero: sched_yield always returns 0.
#include "../common.h"
#include <sched.h>

int main(void) {
  int ok = 1;
  for (int i = 0; i < 1000; i++) ok &= syscall(SYS_sched_yield) == 0;
  CHECK(ok);
  CHECK_EQ(sched_yield(), 0);
  DONE();
}
