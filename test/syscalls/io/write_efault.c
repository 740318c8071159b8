// write_efault: write from an unmapped, a kernel, or a munmap'd buffer fails with EFAULT.
#include "../common.h"
#include <sys/mman.h>

int main(void) {
  CHECK_ERR(write(1, bad_ptr(), 8), EFAULT);
  CHECK_ERR(write(1, kernel_ptr(), 8), EFAULT);
  long page = sysconf(_SC_PAGESIZE);
  char *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  memcpy(p, "mapped\n", 7);
  CHECK_EQ(write(1, p, 7), 7);
  CHECK_OK(munmap(p, page));
  CHECK_ERR(write(1, p, 7), EFAULT);
  DONE();
}
