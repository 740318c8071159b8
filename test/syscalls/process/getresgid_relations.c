// getresgid_relations: getresgid's real and effective ids match getgid/getegid, the saved id equals the effective one, and a bad pointer is EFAULT.
#include "../common.h"

int main(void) {
  gid_t r = 12345, e = 12345, s = 12345;
  CHECK_EQ(syscall(SYS_getresgid, &r, &e, &s), 0);
  CHECK_EQ(r, getgid());
  CHECK_EQ(e, getegid());
  CHECK_EQ(s, e);
  gid_t r2, e2, s2;
  CHECK_EQ(getresgid(&r2, &e2, &s2), 0);
  CHECK(r2 == r && e2 == e && s2 == s);
  CHECK_ERR(syscall(SYS_getresgid, bad_ptr(), &e, &s), EFAULT);
  CHECK_ERR(syscall(SYS_getresgid, &r, bad_ptr(), &s), EFAULT);
  CHECK_ERR(syscall(SYS_getresgid, &r, &e, bad_ptr()), EFAULT);
  CHECK_ERR(syscall(SYS_getresgid, &r, &e, kernel_ptr()), EFAULT);
  DONE();
}
