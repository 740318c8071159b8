// getgroups_size: size 0 returns the count without touching the list, an exact-size list is filled, a too-small or negative size is EINVAL, and a bad list is EFAULT.
#include "../common.h"
#include <grp.h>

int main(void) {
  long n = syscall(SYS_getgroups, 0, bad_ptr());
  CHECK(n >= 0);
  CHECK_EQ(getgroups(0, NULL), n);
  gid_t list[70000];
  CHECK_EQ(syscall(SYS_getgroups, n, list), n);
  CHECK_EQ(syscall(SYS_getgroups, 65536, list), n);
  int has_egid = 0;
  for (long i = 0; i < n; i++) has_egid |= list[i] == getegid();
  printf("count matches: %d\n", getgroups(70000, list) == n);
  CHECK_ERR(syscall(SYS_getgroups, -1, list), EINVAL);
  if (n > 0) {
    printf("egid listed: %d\n", has_egid);
    CHECK_ERR(syscall(SYS_getgroups, n, bad_ptr()), EFAULT);
  }
  if (n > 1) CHECK_ERR(syscall(SYS_getgroups, n - 1, list), EINVAL);
  DONE();
}
