// mincore_shared: for a shared memfd mapping mincore reports the file's pages that exist (written through write() or the mapping) as resident and holes as not; for shared anonymous memory, touched pages.
#include "../common.h"
#include <sys/mman.h>

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  int fd = memfd_create("mincore", 0);
  CHECK(fd >= 0);
  CHECK_OK(ftruncate(fd, 4 * pg));
  CHECK_EQ(pwrite(fd, "x", 1, pg), 1);
  char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(m != MAP_FAILED);
  m[3 * pg] = 'y';
  unsigned char v[4];
  CHECK_OK(mincore(m, 4 * pg, v));
  printf("memfd: %d %d %d %d\n", v[0] & 1, v[1] & 1, v[2] & 1, v[3] & 1);
  char *s = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK(s != MAP_FAILED);
  s[pg] = 1;
  CHECK_OK(mincore(s, 3 * pg, v));
  printf("shared anon: %d %d %d\n", v[0] & 1, v[1] & 1, v[2] & 1);
  DONE();
}
