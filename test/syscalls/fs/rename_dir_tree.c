// rename_dir_tree: a renamed directory takes its whole tree along, a working directory inside it stays usable (relative paths still work), and names under the old path are gone (ENOENT).
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  CHECK_OK(mkdir("a", 0755));
  CHECK_OK(mkdir("a/b", 0755));
  int fd = open("a/b/f", O_CREAT | O_WRONLY, 0644);
  CHECK_EQ(write(fd, "deep", 4), 4);
  close(fd);
  int dfd = open("a/b", O_RDONLY | O_DIRECTORY);
  CHECK_OK(rename("a", "z"));
  CHECK_ERR(access("a/b/f", F_OK), ENOENT);
  CHECK_OK(access("z/b/f", F_OK));
  CHECK_OK(faccessat(dfd, "f", F_OK, 0));
  fd = openat(dfd, "g", O_CREAT | O_EXCL | O_WRONLY, 0644);
  CHECK(fd >= 0);
  close(fd);
  CHECK_OK(access("z/b/g", F_OK));
  CHECK_OK(fchdir(dfd));
  CHECK_OK(access("f", F_OK));
  CHECK_OK(mkdir("c", 0755));
  CHECK_OK(access("../b/c", F_OK));
  CHECK_OK(chdir("../.."));
  CHECK_OK(access("z/b/c", F_OK));
  close(dfd);
  DONE();
}
