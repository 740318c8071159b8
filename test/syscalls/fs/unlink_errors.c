// unlink_errors: unlink removes a file (ENOENT after), refuses a directory (EISDIR), a path through a file (ENOTDIR) and a missing name (ENOENT); unlinking a symlink leaves its target; an open file stays readable after its unlink; unlinkat with AT_REMOVEDIR removes directories, refuses files (ENOTDIR), and other flags are EINVAL.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  CHECK_EQ(write(fd, "still here", 10), 10);
  CHECK_OK(symlink("f", "link"));
  CHECK_OK(unlink("link"));
  CHECK_OK(access("f", F_OK));
  CHECK_OK(unlink("f"));
  CHECK_ERR(unlink("f"), ENOENT);
  CHECK_ERR(access("f", F_OK), ENOENT);
  char buf[16] = {0};
  CHECK_EQ(pread(fd, buf, sizeof buf, 0), 10);
  printf("read after unlink: %s\n", buf);
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_nlink, 0);
  close(fd);

  CHECK_OK(mkdir("d", 0755));
  CHECK_ERR(unlink("d"), EISDIR);
  close(open("g", O_CREAT | O_WRONLY, 0644));
  CHECK_ERR(unlink("g/x"), ENOTDIR);
  CHECK_ERR(unlink("missing"), ENOENT);
  CHECK_ERR(unlinkat(AT_FDCWD, "g", AT_REMOVEDIR), ENOTDIR);
  CHECK_ERR(unlinkat(AT_FDCWD, "g", 0x1), EINVAL);
  int dfd = open(".", O_RDONLY | O_DIRECTORY);
  CHECK_OK(unlinkat(dfd, "g", 0));
  CHECK_OK(unlinkat(dfd, "d", AT_REMOVEDIR));
  CHECK_ERR(unlinkat(dfd, "d", AT_REMOVEDIR), ENOENT);
  close(dfd);
  DONE();
}
