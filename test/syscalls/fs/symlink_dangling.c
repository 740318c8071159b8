// symlink_dangling: symlink stores any target text (absolute, relative, dangling) that readlink returns; a dangling link stats as ENOENT but lstats as a link; symlinkat works under a directory fd; EEXIST over an existing name; an empty target is ENOENT.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  char buf[64];
  CHECK_OK(symlink("does/not/exist", "dang"));
  memset(buf, 0, sizeof buf);
  CHECK_EQ(readlink("dang", buf, sizeof buf), 14);
  printf("dang -> %s\n", buf);
  struct stat st;
  CHECK_ERR(stat("dang", &st), ENOENT);
  CHECK_OK(lstat("dang", &st));
  CHECK(S_ISLNK(st.st_mode));
  CHECK_EQ(st.st_size, 14);
  CHECK_OK(symlink("/etc/hostname-not-here", "abs"));
  CHECK_ERR(symlink("x", "dang"), EEXIST);
  CHECK_ERR(symlink("", "empty"), ENOENT);
  CHECK_OK(mkdir("d", 0755));
  int dfd = open("d", O_RDONLY | O_DIRECTORY);
  CHECK_OK(symlinkat("../dang", dfd, "up"));
  memset(buf, 0, sizeof buf);
  CHECK_EQ(readlinkat(dfd, "up", buf, sizeof buf), 7);
  printf("d/up -> %s\n", buf);
  close(dfd);
  close(open("file", O_CREAT | O_WRONLY, 0600));
  CHECK_OK(symlink("file", "good"));
  CHECK_OK(stat("good", &st));
  CHECK(S_ISREG(st.st_mode));
  CHECK_EQ(st.st_mode & 0777, 0600);
  DONE();
}
