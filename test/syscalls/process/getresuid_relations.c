// getresuid_relations: getresuid's real and effective ids match getuid/geteuid, the saved id equals the effective one, and a bad pointer is EFAULT.
#include "../common.h"

int main(void) {
  uid_t r = 12345, e = 12345, s = 12345;
  CHECK_EQ(syscall(SYS_getresuid, &r, &e, &s), 0);
  CHECK_EQ(r, getuid());
  CHECK_EQ(e, geteuid());
  CHECK_EQ(s, e);
  uid_t r2, e2, s2;
  CHECK_EQ(getresuid(&r2, &e2, &s2), 0);
  CHECK(r2 == r && e2 == e && s2 == s);
  CHECK_ERR(syscall(SYS_getresuid, bad_ptr(), &e, &s), EFAULT);
  CHECK_ERR(syscall(SYS_getresuid, &r, bad_ptr(), &s), EFAULT);
  CHECK_ERR(syscall(SYS_getresuid, &r, &e, bad_ptr()), EFAULT);
  CHECK_ERR(syscall(SYS_getresuid, &r, &e, kernel_ptr()), EFAULT);
  DONE();
}
