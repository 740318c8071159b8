// msync_errors: msync rejects unknown flags, MS_SYNC with MS_ASYNC and an unaligned address (EINVAL), reports ENOMEM for a range with an unmapped part, and succeeds on mapped memory of any kind and on length 0.
#include "../common.h"
#include <sys/mman.h>

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  char *a = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(a != MAP_FAILED);
  CHECK_OK(munmap(a + 2 * pg, pg));
  CHECK_ERR(msync(a, pg, 0x100), EINVAL);
  CHECK_ERR(msync(a, pg, MS_SYNC | MS_ASYNC), EINVAL);
  CHECK_ERR(msync(a + 1, pg, MS_SYNC), EINVAL);
  CHECK_ERR(msync(a, 4 * pg, MS_SYNC), ENOMEM);
  CHECK_ERR(msync(a + 2 * pg, pg, MS_ASYNC), ENOMEM);
  CHECK_OK(msync(a, 2 * pg, MS_SYNC));
  CHECK_OK(msync(a, 2 * pg - 100, MS_ASYNC));
  CHECK_OK(msync(a, pg, MS_INVALIDATE));
  CHECK_OK(msync(a, pg, 0));
  CHECK_OK(msync(a + 2 * pg, 0, MS_SYNC));
  CHECK_OK(mprotect(a, pg, PROT_NONE));
  CHECK_OK(msync(a, pg, MS_SYNC));
  DONE();
}
