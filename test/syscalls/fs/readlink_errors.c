// readlink_errors: readlink on a non-link is EINVAL, a missing path ENOENT, size 0 EINVAL, a bad buffer EFAULT.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  char buf[64];
  CHECK_ERR(readlink("/etc/passwd", buf, sizeof buf), EINVAL);
  CHECK_ERR(readlink("/etc", buf, sizeof buf), EINVAL);
  CHECK_ERR(readlink("/etc/husk-missing", buf, sizeof buf), ENOENT);
  CHECK_ERR(syscall(SYS_readlink, "/etc/os-release", buf, 0), EINVAL);
  CHECK_ERR(syscall(SYS_readlink, "/etc/os-release", bad_ptr(), 64), EFAULT);
  CHECK_ERR(syscall(SYS_readlinkat, -1, "bin", buf, sizeof buf), EBADF);
  int fd = open("/etc/os-release", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_ERR(syscall(SYS_readlinkat, fd, "", buf, sizeof buf), ENOENT);
  DONE();
}
