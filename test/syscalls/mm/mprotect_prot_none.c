// mprotect_prot_none: a PROT_NONE or read-only page makes syscalls that touch it fail with EFAULT until restored.
#include "../common.h"
#include <fcntl.h>
#include <sys/mman.h>

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  char *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  memcpy(p, "visible\n", 8);
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK_OK(mprotect(p, page, PROT_NONE));
  CHECK_ERR(write(1, p, 8), EFAULT);
  CHECK_ERR(read(fd, p, 8), EFAULT);
  CHECK_OK(mprotect(p, page, PROT_READ));
  CHECK_EQ(write(1, p, 8), 8);
  CHECK_ERR(read(fd, p, 8), EFAULT);
  CHECK_OK(mprotect(p, page, PROT_READ | PROT_WRITE));
  CHECK_EQ(read(fd, p, 5), 5);
  CHECK(memcmp(p, "root:", 5) == 0);
  char *q = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK_ERR(syscall(SYS_uname, q), EFAULT);
  DONE();
}
