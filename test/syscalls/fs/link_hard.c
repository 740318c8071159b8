// link_hard: link makes a second name for a file (same inode, nlink 2, shared data); the file lives on after either name goes; EEXIST over an existing name, EPERM for a directory, ENOENT for a missing source; linkat links a symlink itself, or with AT_SYMLINK_FOLLOW its target.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  CHECK_EQ(write(fd, "shared", 6), 6);
  close(fd);
  CHECK_OK(link("f", "g"));
  struct stat a, b;
  CHECK_OK(stat("f", &a));
  CHECK_OK(stat("g", &b));
  CHECK(a.st_ino == b.st_ino);
  CHECK_EQ(b.st_nlink, 2);
  fd = open("g", O_WRONLY | O_APPEND);
  CHECK_EQ(write(fd, "+", 1), 1);
  close(fd);
  CHECK_OK(stat("f", &a));
  CHECK_EQ(a.st_size, 7);
  CHECK_OK(unlink("f"));
  CHECK_OK(stat("g", &b));
  CHECK_EQ(b.st_nlink, 1);
  CHECK_ERR(link("g", "g"), EEXIST);
  CHECK_OK(mkdir("d", 0755));
  CHECK_ERR(link("d", "d2"), EPERM);
  CHECK_ERR(link("missing", "x"), ENOENT);
  CHECK_OK(symlink("g", "sl"));
  CHECK_OK(linkat(AT_FDCWD, "sl", AT_FDCWD, "sl2", 0));
  CHECK_OK(lstat("sl2", &a));
  CHECK(S_ISLNK(a.st_mode));
  CHECK_OK(linkat(AT_FDCWD, "sl", AT_FDCWD, "g2", AT_SYMLINK_FOLLOW));
  CHECK_OK(lstat("g2", &a));
  CHECK(S_ISREG(a.st_mode));
  CHECK_EQ(a.st_nlink, 2);
  CHECK_ERR(linkat(AT_FDCWD, "g", AT_FDCWD, "x", 0x1), EINVAL);
  CHECK_ERR(link("g", "d/missing/x"), ENOENT);
  DONE();
}
