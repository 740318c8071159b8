// mremap_errors: mremap's EINVAL (unknown flags, unaligned address, new size 0, old size 0 of a private mapping, MREMAP_DONTUNMAP without MAYMOVE or with a size change), EFAULT (unmapped, or a range over two mappings) and ENOMEM (cannot grow in place) cases.
#include "../common.h"
#include <sys/mman.h>

#define BAD(call, e) do { errno = 0; void *r_ = (call); CHECK(r_ == MAP_FAILED); CHECK_EQ(errno, e); printf("%s -> %s\n", #call, errname(errno)); } while (0)

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  char *a = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(a != MAP_FAILED);
  CHECK_OK(munmap(a + 3 * pg, pg));
  BAD(mremap(a, pg, pg, 0x40), EINVAL);
  BAD(mremap(a + 1, pg, pg, 0), EINVAL);
  BAD(mremap(a, pg, 0, MREMAP_MAYMOVE), EINVAL);
  BAD(mremap(a, 0, pg, MREMAP_MAYMOVE), EINVAL);
  BAD(mremap(a, pg, pg, MREMAP_DONTUNMAP), EINVAL);
  BAD(mremap(a, pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_DONTUNMAP), EINVAL);
  BAD(mremap(a + 3 * pg, pg, 2 * pg, MREMAP_MAYMOVE), EFAULT);
  BAD(mremap(a, 4 * pg, 8 * pg, MREMAP_MAYMOVE), EFAULT);
  // Two adjacent mappings with different protections are two VMAs.
  CHECK_OK(mprotect(a + pg, pg, PROT_READ));
  BAD(mremap(a, 2 * pg, 4 * pg, MREMAP_MAYMOVE), EFAULT);
  // Cannot grow in place over the next mapping without MAYMOVE.
  BAD(mremap(a, pg, 2 * pg, 0), ENOMEM);
  CHECK(mremap(a, pg, 2 * pg, MREMAP_MAYMOVE) != MAP_FAILED);
  DONE();
}
