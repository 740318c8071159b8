// mmap_fixed: MAP_FIXED replaces part of an existing mapping at exactly the given address.
#include "../common.h"
#include <sys/mman.h>

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  char *p = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  memset(p, 'a', 3 * page);
  char *q = mmap(p + page, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  CHECK(q == p + page);
  CHECK_EQ(p[0], 'a');
  CHECK_EQ(p[page], 0);
  CHECK_EQ(p[2 * page], 'a');
  char *r = mmap(p + page, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  CHECK(r == MAP_FAILED && errno == EEXIST);
  CHECK(mmap(p + 1, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED && errno == EINVAL);
  CHECK_OK(munmap(p, 3 * page));
  char *s = mmap(p, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  CHECK(s == p);
  DONE();
}
