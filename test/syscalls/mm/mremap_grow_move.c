// mremap_grow_move: mremap grows a mapping in place when the pages after it are free, refuses with ENOMEM when they are not and MREMAP_MAYMOVE is absent, and with MREMAP_MAYMOVE moves it elsewhere keeping the data (the old range is unmapped, the new pages are zero).
#include "../common.h"
#include <sys/mman.h>

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  // In place: map 8 pages, unmap pages 2 and 3, grow 2 -> 4 pages; pages
  // 4..7 stay mapped and block growing further.
  char *a = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(a != MAP_FAILED);
  CHECK_OK(munmap(a + 2 * pg, 2 * pg));
  memset(a, 'a', 2 * pg);
  char *b = mremap(a, 2 * pg, 4 * pg, 0);
  CHECK(b == a);
  CHECK_EQ(b[2 * pg - 1], 'a');
  CHECK_EQ(b[2 * pg], 0);
  b[4 * pg - 1] = 'z';
  CHECK_EQ(b[4 * pg - 1], 'z');
  char *guard = b + 4 * pg;
  guard[0] = 'g';

  // Blocked by the mapping right after it.
  CHECK(mremap(b, 4 * pg, 8 * pg, 0) == MAP_FAILED);
  CHECK_EQ(errno, ENOMEM);
  CHECK_EQ(b[0], 'a');

  // Moved: the data follows, the old range is gone, the tail is zero.
  for (int i = 0; i < 4; i++) b[i * pg + 7] = (char)('0' + i);
  char *c = mremap(b, 4 * pg, 16 * pg, MREMAP_MAYMOVE);
  CHECK(c != MAP_FAILED);
  CHECK(c != b);
  int ok = 1;
  for (int i = 0; i < 4; i++) ok &= c[i * pg + 7] == (char)('0' + i);
  CHECK(ok);
  CHECK_EQ(c[2 * pg - 1], 'a');
  CHECK_EQ(c[4 * pg - 1], 'z');
  int zero = 1;
  for (long i = 4 * pg; i < 16 * pg; i++) zero &= c[i] == 0;
  CHECK(zero);
  c[16 * pg - 1] = 'e';
  unsigned char vec[4];
  CHECK_ERR(mincore(b, 4 * pg, vec), ENOMEM);
  CHECK_ERR(msync(b, pg, MS_ASYNC), ENOMEM);
  // The guard is still there.
  CHECK_EQ(guard[0], 'g');
  // realloc of a large block (glibc uses mremap for mmapped chunks).
  char *r = malloc(1 << 20);
  CHECK(r != NULL);
  memset(r, 'r', 1 << 20);
  r = realloc(r, 8 << 20);
  CHECK(r != NULL);
  CHECK_EQ(r[(1 << 20) - 1], 'r');
  r[(8 << 20) - 1] = 1;
  free(r);
  CHECK_OK(munmap(c, 16 * pg));
  DONE();
}
