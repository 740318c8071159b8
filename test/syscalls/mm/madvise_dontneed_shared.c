// madvise_dontneed_shared: MADV_DONTNEED on shared memory (anonymous or a memfd) loses no data; MADV_REMOVE frees shared pages (they read zero, in the file too), is EINVAL on private anonymous memory and EACCES on a private file mapping; MADV_FREE is EINVAL on shared memory and on a file mapping.
#include "../common.h"
#include <sys/mman.h>

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  char *s = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK(s != MAP_FAILED);
  memset(s, 's', 2 * pg);
  CHECK_OK(madvise(s, 2 * pg, MADV_DONTNEED));
  CHECK_EQ(s[0], 's');
  CHECK_EQ(s[2 * pg - 1], 's');
  CHECK_OK(madvise(s, pg, MADV_REMOVE));
  CHECK_EQ(s[0], 0);
  CHECK_EQ(s[pg], 's');
  CHECK_ERR(madvise(s, pg, MADV_FREE), EINVAL);

  int fd = memfd_create("dontneed", 0);
  CHECK(fd >= 0);
  CHECK_OK(ftruncate(fd, 2 * pg));
  char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(m != MAP_FAILED);
  strcpy(m + pg, "kept");
  CHECK_OK(madvise(m, 2 * pg, MADV_DONTNEED));
  CHECK(strcmp(m + pg, "kept") == 0);
  CHECK_OK(madvise(m + pg, pg, MADV_REMOVE));
  char c = 1;
  CHECK_EQ(pread(fd, &c, 1, pg), 1);
  CHECK_EQ(c, 0);
  CHECK_EQ(m[pg], 0);

  char *p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  CHECK_ERR(madvise(p, pg, MADV_REMOVE), EINVAL);
  p[0] = 1;
  CHECK_OK(madvise(p, pg, MADV_FREE));
  char *pf = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(pf != MAP_FAILED);
  CHECK_ERR(madvise(pf, pg, MADV_REMOVE), EACCES);
  CHECK_ERR(madvise(pf, pg, MADV_FREE), EINVAL);
  DONE();
}
