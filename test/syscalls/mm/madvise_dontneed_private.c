// madvise_dontneed_private: MADV_DONTNEED on private anonymous memory makes the pages read zero on next touch, on a private file mapping makes them read the file again (the private changes are dropped), and on unmapped memory is ENOMEM.
#include "../common.h"
#include <fcntl.h>
#include <sys/mman.h>

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  char *a = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(a != MAP_FAILED);
  memset(a, 'q', 3 * pg);
  CHECK_OK(madvise(a + pg, pg, MADV_DONTNEED));
  CHECK_EQ(a[0], 'q');
  CHECK_EQ(a[pg], 0);
  CHECK_EQ(a[2 * pg - 1], 0);
  CHECK_EQ(a[2 * pg], 'q');

  char name[] = "dontneed.XXXXXX";
  int fd = mkstemp(name);
  CHECK(fd >= 0);
  unlink(name);
  char *content = malloc(2 * pg);
  for (long i = 0; i < 2 * pg; i++) content[i] = (char)('a' + i % 26);
  CHECK_EQ(write(fd, content, 2 * pg), 2 * pg);
  char *f = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(f != MAP_FAILED);
  f[0] = 'X';
  f[pg] = 'Y';
  CHECK_OK(madvise(f, pg, MADV_DONTNEED));
  CHECK_EQ(f[0], 'a');
  CHECK_EQ(f[pg], 'Y');
  CHECK(memcmp(f + 1, content + 1, pg - 1) == 0);
  CHECK_OK(munmap(a + 2 * pg, pg));
  CHECK_ERR(madvise(a, 3 * pg, MADV_DONTNEED), ENOMEM);
  CHECK_ERR(madvise(a + 1, pg, MADV_DONTNEED), EINVAL);
  DONE();
}
