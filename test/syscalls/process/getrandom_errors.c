// getrandom_errors: unknown flags are EINVAL; a bad buffer is EFAULT.
#include "../common.h"
#include <sys/random.h>

int main(void) {
  unsigned char a[16];
  CHECK_ERR(syscall(SYS_getrandom, a, sizeof a, 0x100), EINVAL);
  CHECK_ERR(syscall(SYS_getrandom, bad_ptr(), 16, 0), EFAULT);
  DONE();
}
