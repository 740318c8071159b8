// getrlimit_stack: RLIMIT_STACK soft <= hard; prlimit64 with no new limit reads the same values.
#include "../common.h"
#include <sys/resource.h>

int main(void) {
  struct rlimit r, p;
  CHECK_EQ(getrlimit(RLIMIT_STACK, &r), 0);
  CHECK(r.rlim_cur <= r.rlim_max);
  CHECK(r.rlim_cur == RLIM_INFINITY || r.rlim_cur >= 128 * 1024);
  CHECK_EQ(syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, &p), 0);
  CHECK(p.rlim_cur == r.rlim_cur && p.rlim_max == r.rlim_max);
  CHECK_EQ(syscall(SYS_prlimit64, syscall(SYS_getpid), RLIMIT_NOFILE, NULL, &p), 0);
  CHECK(p.rlim_cur <= p.rlim_max);
  CHECK(p.rlim_cur >= 3);
  DONE();
}
