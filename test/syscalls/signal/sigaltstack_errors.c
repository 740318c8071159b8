// sigaltstack_errors: a stack under MINSIGSTKSZ is ENOMEM, unknown flags are EINVAL, the old stack reads back with SS_DISABLE when none was set, and a set stack reads back (sp, size).
#include "../common.h"
#include <signal.h>

int main(void) {
  stack_t old, ss;
  CHECK_OK(sigaltstack(NULL, &old));
  CHECK(old.ss_flags & SS_DISABLE);
  static char small[64], big[65536];
  ss.ss_sp = small;
  ss.ss_size = sizeof small;
  ss.ss_flags = 0;
  CHECK_ERR(sigaltstack(&ss, NULL), ENOMEM);
  ss.ss_sp = big;
  ss.ss_size = sizeof big;
  ss.ss_flags = 0x40;
  CHECK_ERR(sigaltstack(&ss, NULL), EINVAL);
  ss.ss_flags = 0;
  CHECK_OK(sigaltstack(&ss, NULL));
  CHECK_OK(sigaltstack(NULL, &old));
  CHECK(old.ss_sp == big);
  CHECK_EQ(old.ss_size, sizeof big);
  CHECK_EQ(old.ss_flags, 0);
  DONE();
}
