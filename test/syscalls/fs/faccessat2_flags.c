// faccessat2_flags: faccessat2 accepts AT_EACCESS, AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH, and rejects unknown flags and modes with EINVAL.
#include "../common.h"
#include <fcntl.h>

#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif

int main(void) {
  CHECK_EQ(syscall(SYS_faccessat2, AT_FDCWD, "/etc/passwd", R_OK, 0), 0);
  CHECK_EQ(syscall(SYS_faccessat2, AT_FDCWD, "/etc/passwd", R_OK, AT_EACCESS), 0);
  CHECK_ERR(syscall(SYS_faccessat2, AT_FDCWD, "/etc/passwd", X_OK, AT_EACCESS), EACCES);
  CHECK_EQ(syscall(SYS_faccessat2, AT_FDCWD, "/usr/bin/env", X_OK, AT_EACCESS), 0);
  // Without NOFOLLOW the target (0644) is checked; with it, the link (0777).
  CHECK_ERR(syscall(SYS_faccessat2, AT_FDCWD, "/etc/os-release", X_OK, 0), EACCES);
  CHECK_EQ(syscall(SYS_faccessat2, AT_FDCWD, "/etc/os-release", X_OK, AT_SYMLINK_NOFOLLOW), 0);
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(syscall(SYS_faccessat2, fd, "", R_OK, AT_EMPTY_PATH), 0);
  CHECK_ERR(syscall(SYS_faccessat2, fd, "", X_OK, AT_EMPTY_PATH), EACCES);
  CHECK_ERR(syscall(SYS_faccessat2, fd, "", R_OK, 0), ENOENT);
  int exe = open("/usr/bin/env", O_PATH);
  CHECK(exe >= 0);
  CHECK_EQ(syscall(SYS_faccessat2, exe, "", X_OK, AT_EMPTY_PATH), 0);
  CHECK_ERR(syscall(SYS_faccessat2, AT_FDCWD, "/etc/passwd", R_OK, 0x1), EINVAL);
  CHECK_ERR(syscall(SYS_faccessat2, AT_FDCWD, "/etc/passwd", R_OK, AT_SYMLINK_FOLLOW), EINVAL);
  CHECK_ERR(syscall(SYS_faccessat2, AT_FDCWD, "/etc/passwd", 0x10, 0), EINVAL);
  CHECK_ERR(syscall(SYS_faccessat2, AT_FDCWD, "/etc/no-such-file", F_OK, AT_EACCESS), ENOENT);
  CHECK_ERR(syscall(SYS_faccessat2, AT_FDCWD, bad_ptr(), F_OK, 0), EFAULT);
  DONE();
}
