// faccessat_dirfd: faccessat resolves relative paths from dirfd, follows symlinks, checks execute bits even for root, and reports EINVAL, EBADF, ENOTDIR, ENOENT, EFAULT.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int etc = open("/etc", O_RDONLY | O_DIRECTORY);
  CHECK(etc >= 0);
  CHECK_EQ(syscall(SYS_faccessat, etc, "passwd", R_OK), 0);
  CHECK_EQ(syscall(SYS_faccessat, etc, "passwd", F_OK), 0);
  CHECK_EQ(syscall(SYS_faccessat, etc, "os-release", R_OK), 0);
  CHECK_EQ(syscall(SYS_faccessat, -1, "/usr/bin/env", X_OK), 0);
  CHECK_EQ(syscall(SYS_faccessat, etc, "/bin/env", R_OK | X_OK), 0);
  // No execute bit at all: EACCES, whoever asks.
  CHECK_ERR(syscall(SYS_faccessat, etc, "passwd", X_OK), EACCES);
  CHECK_ERR(syscall(SYS_faccessat, etc, "os-release", R_OK | X_OK), EACCES);
  CHECK_ERR(syscall(SYS_faccessat, etc, "passwd", 8), EINVAL);
  CHECK_ERR(syscall(SYS_faccessat, -1, "passwd", R_OK), EBADF);
  CHECK_ERR(syscall(SYS_faccessat, 999, "passwd", R_OK), EBADF);
  int file = open("/etc/passwd", O_RDONLY);
  CHECK(file >= 0);
  CHECK_ERR(syscall(SYS_faccessat, file, "x", R_OK), ENOTDIR);
  CHECK_ERR(syscall(SYS_faccessat, file, "", R_OK), ENOENT);
  CHECK_ERR(syscall(SYS_faccessat, etc, "no-such-file", F_OK), ENOENT);
  CHECK_ERR(syscall(SYS_faccessat, etc, "passwd/", F_OK), ENOTDIR);
  CHECK_ERR(syscall(SYS_faccessat, etc, bad_ptr(), F_OK), EFAULT);
  DONE();
}
