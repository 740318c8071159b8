// mmap_errors: length 0, unaligned offset, or no sharing type is EINVAL; a file mapping of a bad fd is EBADF.
#include "../common.h"
#include <fcntl.h>
#include <sys/mman.h>

static long raw_mmap(void *a, size_t l, int prot, int flags, int fd, long off) {
  return syscall(SYS_mmap, a, l, prot, flags, fd, off);
}

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_ERR(raw_mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
  CHECK_ERR(raw_mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL);
  CHECK_ERR(raw_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 1), EINVAL);
  CHECK_ERR(raw_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0), EBADF);
  CHECK_ERR(raw_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 999, 0), EBADF);
  CHECK_ERR(raw_mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EACCES);
  CHECK_ERR(raw_mmap(NULL, -4096UL, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
  int dfd = open("/etc", O_RDONLY | O_DIRECTORY);
  CHECK_ERR(raw_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, dfd, 0), ENODEV);
  DONE();
}
