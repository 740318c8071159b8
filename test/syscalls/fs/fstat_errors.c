// fstat_errors: fstat on -1 or a closed fd is EBADF; into a bad buffer, EFAULT.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  struct stat st;
  CHECK_ERR(syscall(SYS_fstat, -1, &st), EBADF);
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_ERR(syscall(SYS_fstat, fd, bad_ptr()), EFAULT);
  CHECK_ERR(syscall(SYS_fstat, fd, kernel_ptr()), EFAULT);
  CHECK_OK(close(fd));
  CHECK_ERR(syscall(SYS_fstat, fd, &st), EBADF);
  DONE();
}
