// openat_creat_excl: O_CREAT|O_EXCL fails with EEXIST on a file, a directory and a symlink (dangling or not); O_CREAT alone through a dangling symlink creates its target; O_CREAT|O_NOFOLLOW on a symlink is ELOOP; a trailing slash with O_CREAT is EISDIR.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  int fd = openat(AT_FDCWD, "f", O_CREAT | O_EXCL | O_WRONLY, 0644);
  CHECK(fd >= 0);
  close(fd);
  CHECK_ERR(openat(AT_FDCWD, "f", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
  CHECK_OK(mkdir("d", 0755));
  CHECK_ERR(openat(AT_FDCWD, "d", O_CREAT | O_EXCL | O_RDONLY, 0644), EEXIST);
  CHECK_OK(symlink("target", "dangling"));
  CHECK_ERR(openat(AT_FDCWD, "dangling", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
  CHECK_ERR(access("target", F_OK), ENOENT);
  CHECK_ERR(openat(AT_FDCWD, "dangling", O_CREAT | O_NOFOLLOW | O_WRONLY, 0644), ELOOP);
  fd = openat(AT_FDCWD, "dangling", O_CREAT | O_WRONLY, 0600);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "via link", 8), 8);
  close(fd);
  struct stat st;
  CHECK_OK(lstat("target", &st));
  CHECK(S_ISREG(st.st_mode));
  CHECK_EQ(st.st_size, 8);
  CHECK_OK(lstat("dangling", &st));
  CHECK(S_ISLNK(st.st_mode));
  CHECK_ERR(openat(AT_FDCWD, "newdir/", O_CREAT | O_WRONLY, 0644), EISDIR);
  int dfd = open("d", O_RDONLY | O_DIRECTORY);
  fd = openat(dfd, "inner", O_CREAT | O_EXCL | O_RDWR, 0644);
  CHECK(fd >= 0);
  close(fd);
  CHECK_OK(access("d/inner", F_OK));
  close(dfd);
  DONE();
}
