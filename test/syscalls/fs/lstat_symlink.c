// lstat_symlink: lstat reports a symlink itself (type and target length) where stat follows it; a trailing slash follows; errors are ENOENT, ENOTDIR, EFAULT, ENAMETOOLONG.
#include "../common.h"
#include <sys/stat.h>

int main(void) {
  struct stat l, s;
  CHECK_OK(lstat("/etc/os-release", &l));
  CHECK(S_ISLNK(l.st_mode));
  CHECK_EQ(l.st_size, strlen("../usr/lib/os-release"));
  CHECK_OK(syscall(SYS_lstat, "/bin", &l));
  CHECK(S_ISLNK(l.st_mode));
  CHECK_EQ(l.st_size, strlen("usr/bin"));
  CHECK_OK(stat("/bin", &s));
  CHECK(S_ISDIR(s.st_mode));
  // A trailing slash makes the final symlink followed.
  CHECK_OK(lstat("/bin/", &l));
  CHECK(S_ISDIR(l.st_mode));
  CHECK(l.st_ino == s.st_ino && l.st_dev == s.st_dev);
  // Symlinks before the final component are always followed.
  CHECK_OK(lstat("/bin/env", &l));
  CHECK_OK(lstat("/usr/bin/env", &s));
  CHECK(S_ISREG(l.st_mode));
  CHECK(l.st_ino == s.st_ino && l.st_dev == s.st_dev);
  // A non-link: lstat and stat agree.
  CHECK_OK(lstat("/etc/passwd", &l));
  CHECK_OK(stat("/etc/passwd", &s));
  CHECK(S_ISREG(l.st_mode) && l.st_ino == s.st_ino && l.st_size == s.st_size);
  CHECK_ERR(lstat("/etc/no-such-file", &l), ENOENT);
  CHECK_ERR(lstat("", &l), ENOENT);
  CHECK_ERR(lstat("/etc/passwd/x", &l), ENOTDIR);
  CHECK_ERR(lstat("/etc/passwd/", &l), ENOTDIR);
  CHECK_ERR(lstat("/etc/os-release/", &l), ENOTDIR);
  CHECK_ERR(syscall(SYS_lstat, bad_ptr(), &l), EFAULT);
  CHECK_ERR(syscall(SYS_lstat, "/etc/os-release", bad_ptr()), EFAULT);
  char name[300];
  memset(name, 'a', sizeof name);
  name[0] = '/';
  name[sizeof name - 1] = 0;
  CHECK_ERR(lstat(name, &l), ENAMETOOLONG);
  DONE();
}
