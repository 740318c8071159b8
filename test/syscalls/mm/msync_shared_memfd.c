// msync_shared_memfd: msync(MS_SYNC) and msync(MS_INVALIDATE) on a shared memfd mapping keep what was stored, and read() sees it before and after.
#include "../common.h"
#include <sys/mman.h>

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  int fd = memfd_create("msync", 0);
  CHECK(fd >= 0);
  CHECK_OK(ftruncate(fd, 2 * pg));
  char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(m != MAP_FAILED);
  strcpy(m + pg, "synced");
  char buf[8] = {0};
  CHECK_EQ(pread(fd, buf, 6, pg), 6);
  CHECK(strcmp(buf, "synced") == 0);
  CHECK_OK(msync(m, 2 * pg, MS_SYNC));
  CHECK_OK(msync(m, 2 * pg, MS_INVALIDATE));
  CHECK(strcmp(m + pg, "synced") == 0);
  CHECK_OK(msync(m + pg, pg, MS_ASYNC | MS_INVALIDATE));
  memset(buf, 0, sizeof buf);
  CHECK_EQ(pread(fd, buf, 6, pg), 6);
  CHECK(strcmp(buf, "synced") == 0);
  DONE();
}
