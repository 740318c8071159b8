// munmap_efault: after munmap of one page, syscalls touching it fail with EFAULT; its neighbours still work.
#include "../common.h"
#include <fcntl.h>
#include <sys/mman.h>

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  char *p = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  memset(p, 'z', 3 * page);
  CHECK_OK(munmap(p + page, page));
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK_ERR(read(fd, p + page, 8), EFAULT);
  CHECK_ERR(write(1, p + page, 8), EFAULT);
  CHECK_EQ(read(fd, p, 4), 4);
  CHECK_EQ(p[2 * page], 'z');
  CHECK_EQ(p[page - 1], 'z');
  /* A read that starts mapped and runs into the hole copies the mapped part. */
  CHECK_OK(lseek(fd, 0, SEEK_SET));
  CHECK_EQ(read(fd, p + page - 4, 16), 4);
  DONE();
}
