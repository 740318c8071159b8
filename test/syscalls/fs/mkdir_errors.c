// mkdir_errors: mkdir applies the umask, fails with EEXIST on any existing name (a dangling symlink included), ENOENT under a missing parent, ENOTDIR under a file; mkdirat works relative to a directory fd; rmdir refuses a non-empty directory (ENOTEMPTY), a file (ENOTDIR), "." (EINVAL) and a missing name (ENOENT).
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  umask(027);
  CHECK_OK(mkdir("d", 0777));
  struct stat st;
  CHECK_OK(stat("d", &st));
  CHECK_EQ(st.st_mode, S_IFDIR | 0750);
  CHECK_EQ(st.st_nlink, 2);
  CHECK_ERR(mkdir("d", 0755), EEXIST);
  CHECK_OK(symlink("nowhere", "dl"));
  CHECK_ERR(mkdir("dl", 0755), EEXIST);
  CHECK_ERR(mkdir("missing/d", 0755), ENOENT);
  close(open("f", O_CREAT | O_WRONLY, 0644));
  CHECK_ERR(mkdir("f", 0755), EEXIST);
  CHECK_ERR(mkdir("f/d", 0755), ENOTDIR);
  int dfd = open("d", O_RDONLY | O_DIRECTORY);
  CHECK_OK(mkdirat(dfd, "sub", 0700));
  CHECK_OK(stat("d/sub", &st));
  CHECK_EQ(st.st_mode, S_IFDIR | 0700);
  CHECK_OK(stat("d", &st));
  CHECK_EQ(st.st_nlink, 3);
  close(dfd);
  CHECK_ERR(rmdir("d"), ENOTEMPTY);
  CHECK_ERR(rmdir("f"), ENOTDIR);
  CHECK_ERR(rmdir("d/sub/."), EINVAL);
  CHECK_OK(rmdir("d/sub"));
  CHECK_OK(rmdir("d"));
  CHECK_ERR(rmdir("d"), ENOENT);
  DONE();
}
