// munmap_errors: munmap of an unaligned address or length 0 is EINVAL; of an unmapped range succeeds.
#include "../common.h"
#include <sys/mman.h>

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  CHECK_ERR(munmap(p + 1, page), EINVAL);
  CHECK_ERR(munmap(p, 0), EINVAL);
  CHECK_ERR(syscall(SYS_munmap, kernel_ptr(), page), EINVAL);
  CHECK_EQ(munmap(p, 2 * page), 0);
  CHECK_EQ(munmap(p, 2 * page), 0);
  CHECK_EQ(munmap(p, 1), 0);
  DONE();
}
