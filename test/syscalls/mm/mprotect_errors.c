// mprotect_errors: mprotect of an unaligned address or bad prot is EINVAL; of an unmapped range ENOMEM.
#include "../common.h"
#include <sys/mman.h>

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  CHECK_ERR(mprotect(p + 1, page, PROT_READ), EINVAL);
  CHECK_ERR(mprotect(p, page, 0x100), EINVAL);
  CHECK_EQ(mprotect(p, 0, PROT_READ), 0);
  CHECK_OK(munmap(p + page, page));
  CHECK_ERR(mprotect(p, 2 * page, PROT_READ), ENOMEM);
  CHECK_ERR(mprotect(p + page, page, PROT_READ), ENOMEM);
  CHECK_EQ(mprotect(p, page, PROT_READ), 0);
  DONE();
}
