// mmap_anon_rw: an anonymous private mapping is page aligned, zero filled, writable and readable.
#include "../common.h"
#include <sys/mman.h>

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  CHECK_EQ(page, 4096);
  size_t len = 16 * page;
  unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  CHECK(((uintptr_t)p & (page - 1)) == 0);
  int zero = 1;
  for (size_t i = 0; i < len; i++) zero &= p[i] == 0;
  CHECK(zero);
  for (size_t i = 0; i < len; i++) p[i] = (unsigned char)(i * 7);
  int same = 1;
  for (size_t i = 0; i < len; i++) same &= p[i] == (unsigned char)(i * 7);
  CHECK(same);
  CHECK_EQ(write(1, "written from mmap\n" + 0, 18), 18);
  memcpy(p + 3 * page - 4, "spans pages\n", 12);
  CHECK_EQ(write(1, p + 3 * page - 4, 12), 12);
  unsigned char *q = mmap(NULL, 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(q != MAP_FAILED && q != p);
  q[page - 1] = 1;
  CHECK_OK(munmap(p, len));
  DONE();
}
