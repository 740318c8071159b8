// prlimit64_errors: an unknown resource is EINVAL, a bad pointer EFAULT, soft > hard EINVAL.
#include "../common.h"
#include <sys/resource.h>

int main(void) {
  struct rlimit r;
  CHECK_ERR(syscall(SYS_prlimit64, 0, 999, NULL, &r), EINVAL);
  CHECK_ERR(syscall(SYS_getrlimit, 999, &r), EINVAL);
  CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, bad_ptr()), EFAULT);
  CHECK_ERR(syscall(SYS_getrlimit, RLIMIT_STACK, bad_ptr()), EFAULT);
  CHECK_EQ(getrlimit(RLIMIT_NOFILE, &r), 0);
  struct rlimit bad = {r.rlim_max, r.rlim_max - 1};
  CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &bad, NULL), EINVAL);
  CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, bad_ptr(), NULL), EFAULT);
  DONE();
}
