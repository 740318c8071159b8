// mremap_shrink: shrinking a mapping keeps its address and its first pages' data, unmaps the tail (a size that is not a page multiple rounds up), and works on a part of a mapping too.
#include "../common.h"
#include <sys/mman.h>

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  char *a = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(a != MAP_FAILED);
  for (int i = 0; i < 8; i++) a[i * pg] = (char)('A' + i);
  char *b = mremap(a, 8 * pg, 2 * pg + 1, 0);
  CHECK(b == a);
  CHECK_EQ(b[0], 'A');
  CHECK_EQ(b[2 * pg], 'C');
  unsigned char vec[8];
  CHECK_OK(mincore(a, 3 * pg, vec));
  CHECK_ERR(mincore(a + 3 * pg, pg, vec), ENOMEM);
  CHECK_ERR(mincore(a, 4 * pg, vec), ENOMEM);
  // Same size: nothing changes.
  CHECK(mremap(a, 3 * pg, 3 * pg, 0) == a);
  CHECK_EQ(a[pg], 'B');
  // Shrink the middle part of a mapping: [a+pg, a+3pg) -> 1 page.
  CHECK(mremap(a + pg, 2 * pg, pg, 0) == a + pg);
  CHECK_EQ(a[0], 'A');
  CHECK_EQ(a[pg], 'B');
  CHECK_ERR(mincore(a + 2 * pg, pg, vec), ENOMEM);
  // A shrink with MREMAP_MAYMOVE stays in place too.
  char *c = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(c != MAP_FAILED);
  c[0] = 'x';
  CHECK(mremap(c, 4 * pg, pg, MREMAP_MAYMOVE) == c);
  CHECK_EQ(c[0], 'x');
  CHECK_ERR(mincore(c + pg, pg, vec), ENOMEM);
  DONE();
}
