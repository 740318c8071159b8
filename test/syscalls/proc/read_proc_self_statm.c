// read_proc_self_statm: /proc/self/statm is seven page counts, size at least resident, and size grows by an mmap's pages.
#include "../common.h"
#include "proc.h"
#include <sys/mman.h>

static long size_pages(long *resident) {
  char buf[256];
  long v[7];
  if (slurp("/proc/self/statm", buf, sizeof buf) <= 0) return -1;
  if (sscanf(buf, "%ld %ld %ld %ld %ld %ld %ld", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6]) != 7) return -1;
  *resident = v[1];
  return v[0];
}

int main(void) {
  long res;
  printf("start\n"); // stdio's buffer is allocated before measuring
  long before = size_pages(&res);
  CHECK(before > 0);
  CHECK(res > 0 && res <= before);
  char *m = mmap(NULL, 256 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED);
  long after = size_pages(&res);
  CHECK_EQ(after - before, 256);
  munmap(m, 256 * 4096);
  CHECK_EQ(size_pages(&res), before);
  DONE();
}
