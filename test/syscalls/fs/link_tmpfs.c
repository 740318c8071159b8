// link_tmpfs: hard links on tmpfs: both names reach one inode and nlink counts them, unlink of one keeps the other; a directory is EPERM, a taken name EEXIST, another filesystem EXDEV.
// husk-tmpfs: /dev/shm
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  char dir[] = "/dev/shm/husk-link-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char here[4096];
  CHECK(getcwd(here, sizeof here) != NULL);
  CHECK_OK(chdir(dir));
  int fd = open("a", O_CREAT | O_WRONLY, 0644);
  CHECK_EQ(write(fd, "abc", 3), 3);
  close(fd);
  CHECK_OK(link("a", "b"));
  struct stat sa, sb;
  CHECK_OK(stat("a", &sa));
  CHECK_OK(stat("b", &sb));
  CHECK(sa.st_ino == sb.st_ino);
  CHECK_EQ(sa.st_nlink, 2);
  CHECK_OK(unlink("a"));
  CHECK_OK(stat("b", &sb));
  CHECK_EQ(sb.st_nlink, 1);
  CHECK_EQ(sb.st_size, 3);
  CHECK_OK(mkdir("sub", 0755));
  CHECK_ERR(link("sub", "sub2"), EPERM);
  CHECK_OK(close(open("c", O_CREAT | O_WRONLY, 0644)));
  CHECK_ERR(link("b", "c"), EEXIST);
  char other[4200];
  snprintf(other, sizeof other, "%s/x", here);
  CHECK_ERR(link("b", other), EXDEV);
  CHECK_OK(unlink("b"));
  CHECK_OK(unlink("c"));
  CHECK_OK(rmdir("sub"));
  CHECK_OK(chdir("/"));
  CHECK_OK(rmdir(dir));
  DONE();
}
