// mincore_anon: mincore reports touched anonymous pages as resident and untouched ones (and ones dropped by MADV_DONTNEED) as not; a forked child sees its parent's touched pages resident; unaligned address is EINVAL, an unmapped page ENOMEM, a bad vector EFAULT.
#include "../common.h"
#include <sys/mman.h>

static void show(const char *what, unsigned char *v, int n) {
  printf("%s:", what);
  for (int i = 0; i < n; i++) printf(" %d", v[i] & 1);
  printf("\n");
}

// Only pages at least 16 pages from every touched one are shown as untouched:
// husk populates an anonymous fault's aligned 16-page block at once (see
// the table's mincore note); Linux populates only the page touched.
int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  char *a = mmap(NULL, 64 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(a != MAP_FAILED);
  unsigned char v[64], s[3];
  CHECK_OK(mincore(a, 64 * pg, v));
  s[0] = v[8], s[1] = v[24], s[2] = v[40];
  show("fresh", s, 3);
  a[8 * pg] = 1;
  a[40 * pg + 100] = 1;
  CHECK_OK(mincore(a, 64 * pg, v));
  s[0] = v[8], s[1] = v[24], s[2] = v[40];
  show("touched", s, 3);
  CHECK_OK(madvise(a + 8 * pg, pg, MADV_DONTNEED));
  CHECK_OK(mincore(a, 64 * pg - 1, v));
  s[0] = v[8], s[1] = v[24], s[2] = v[40];
  show("dontneed", s, 3);
  pid_t pid = fork();
  if (pid == 0) {
    unsigned char w[64];
    if (mincore(a, 64 * pg, w) != 0) _exit(2);
    _exit(w[40] & 1 ? 0 : 1);
  }
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  CHECK_ERR(mincore(a + 1, pg, v), EINVAL);
  CHECK_ERR(mincore(a, pg, bad_ptr()), EFAULT);
  CHECK_OK(munmap(a + 50 * pg, pg));
  CHECK_ERR(mincore(a, 64 * pg, v), ENOMEM);
  CHECK_OK(mincore(a, 0, v));
  DONE();
}
