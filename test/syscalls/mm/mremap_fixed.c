// mremap_fixed: MREMAP_FIXED|MREMAP_MAYMOVE moves a mapping to a chosen address, replacing what was mapped there, unmapping the source, and shrinking first when the new size is smaller; overlapping ranges, an unaligned target and FIXED without MAYMOVE are EINVAL.
#include "../common.h"
#include <sys/mman.h>

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  char *area = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(area != MAP_FAILED);
  char *src = area, *dst = area + 8 * pg;
  for (int i = 0; i < 4; i++) src[i * pg] = (char)('a' + i);
  memset(dst, 'D', 8 * pg);
  char *r = mremap(src, 4 * pg, 4 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
  CHECK(r == dst);
  CHECK_EQ(dst[0], 'a');
  CHECK_EQ(dst[3 * pg], 'd');
  CHECK_EQ(dst[1], 0);
  CHECK_EQ(dst[4 * pg], 'D'); // past the moved range: untouched
  unsigned char vec[4];
  CHECK_ERR(mincore(src, pg, vec), ENOMEM);

  // Shrink while moving: 4 pages -> 2 at src.
  r = mremap(dst, 4 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, src);
  CHECK(r == src);
  CHECK_EQ(src[0], 'a');
  CHECK_EQ(src[pg], 'b');
  CHECK_ERR(mincore(src + 2 * pg, pg, vec), ENOMEM);
  CHECK_ERR(mincore(dst, pg, vec), ENOMEM);

  // Grow while moving.
  r = mremap(src, 2 * pg, 6 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, area + 9 * pg);
  CHECK(r == area + 9 * pg);
  CHECK_EQ(r[pg], 'b');
  CHECK_EQ(r[5 * pg], 0);

  // Errors.
  CHECK(mremap(r, pg, pg, MREMAP_FIXED, area) == MAP_FAILED);
  CHECK_EQ(errno, EINVAL);
  CHECK(mremap(r, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, r + pg) == MAP_FAILED);
  CHECK_EQ(errno, EINVAL);
  CHECK(mremap(r, pg, pg, MREMAP_MAYMOVE | MREMAP_FIXED, area + 1) == MAP_FAILED);
  CHECK_EQ(errno, EINVAL);
  CHECK_EQ(r[pg], 'b');
  DONE();
}
