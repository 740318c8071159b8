// readlinkat_dirfd: readlinkat resolves relative paths from dirfd (absolute ones ignore it), reads an O_PATH link fd with an empty path, and reports EINVAL, EBADF, ENOTDIR, ENOENT, EFAULT.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  char buf[64];
  int etc = open("/etc", O_RDONLY | O_DIRECTORY);
  CHECK(etc >= 0);
  long n = readlinkat(etc, "os-release", buf, sizeof buf);
  CHECK_EQ(n, 21);
  printf("etc/os-release -> %.*s\n", (int)(n > 0 ? n : 0), buf);
  n = syscall(SYS_readlinkat, -1, "/bin", buf, sizeof buf);
  CHECK_EQ(n, 7);
  printf("/bin -> %.*s\n", (int)(n > 0 ? n : 0), buf);
  CHECK_OK(chdir("/etc"));
  n = readlinkat(AT_FDCWD, "os-release", buf, 5);
  CHECK_EQ(n, 5);
  printf("truncated: %.*s\n", (int)(n > 0 ? n : 0), buf);
  int lfd = open("/etc/os-release", O_PATH | O_NOFOLLOW);
  CHECK(lfd >= 0);
  n = readlinkat(lfd, "", buf, sizeof buf);
  CHECK_EQ(n, 21);
  printf("O_PATH link fd -> %.*s\n", (int)(n > 0 ? n : 0), buf);
  CHECK_ERR(readlinkat(etc, "passwd", buf, sizeof buf), EINVAL);
  CHECK_ERR(readlinkat(etc, "os-release", buf, 0), EINVAL);
  CHECK_ERR(syscall(SYS_readlinkat, etc, "os-release", buf, -1), EINVAL);
  CHECK_ERR(readlinkat(-1, "os-release", buf, sizeof buf), EBADF);
  CHECK_ERR(readlinkat(1000, "os-release", buf, sizeof buf), EBADF);
  int file = open("/etc/passwd", O_RDONLY);
  CHECK(file >= 0);
  CHECK_ERR(readlinkat(file, "x", buf, sizeof buf), ENOTDIR);
  CHECK_ERR(readlinkat(file, "", buf, sizeof buf), ENOENT);
  CHECK_ERR(readlinkat(AT_FDCWD, "", buf, sizeof buf), ENOENT);
  CHECK_ERR(readlinkat(etc, "no-such-link", buf, sizeof buf), ENOENT);
  CHECK_ERR(readlinkat(etc, "os-release", bad_ptr(), sizeof buf), EFAULT);
  CHECK_ERR(readlinkat(etc, bad_ptr(), buf, sizeof buf), EFAULT);
  DONE();
}
