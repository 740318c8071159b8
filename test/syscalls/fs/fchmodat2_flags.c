// fchmodat2_flags: fchmodat2 changes a file's mode through a path, a dirfd-relative name or AT_EMPTY_PATH on an fd; with AT_SYMLINK_NOFOLLOW a regular file still changes but a symlink is EOPNOTSUPP; unknown flags are EINVAL and a missing name ENOENT.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

int main(void) {
  struct stat st;
  CHECK_OK(close(open("f", O_CREAT | O_WRONLY, 0644)));
  CHECK_OK(symlink("f", "l"));
  CHECK_OK(syscall(SYS_fchmodat2, AT_FDCWD, "f", 0600, 0));
  CHECK_OK(stat("f", &st));
  CHECK_EQ(st.st_mode & 07777, 0600);
  CHECK_OK(syscall(SYS_fchmodat2, AT_FDCWD, "f", 0640, AT_SYMLINK_NOFOLLOW));
  CHECK_OK(stat("f", &st));
  CHECK_EQ(st.st_mode & 07777, 0640);
  CHECK_ERR(syscall(SYS_fchmodat2, AT_FDCWD, "l", 0600, AT_SYMLINK_NOFOLLOW), EOPNOTSUPP);
  CHECK_OK(syscall(SYS_fchmodat2, AT_FDCWD, "l", 0604, 0));
  CHECK_OK(stat("f", &st));
  CHECK_EQ(st.st_mode & 07777, 0604);
  int fd = open("f", O_RDONLY);
  CHECK_OK(syscall(SYS_fchmodat2, fd, "", 0400, AT_EMPTY_PATH));
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_mode & 07777, 0400);
  close(fd);
  int d = open(".", O_RDONLY | O_DIRECTORY);
  CHECK_OK(syscall(SYS_fchmodat2, d, "f", 0644, 0));
  CHECK_OK(stat("f", &st));
  CHECK_EQ(st.st_mode & 07777, 0644);
  close(d);
  CHECK_ERR(syscall(SYS_fchmodat2, AT_FDCWD, "f", 0644, 0x8000), EINVAL);
  CHECK_ERR(syscall(SYS_fchmodat2, AT_FDCWD, "missing", 0644, 0), ENOENT);
  DONE();
}
