// mkdir_tree: in a writable directory, mkdir makes a directory (EEXIST the second time), files are created with O_CREAT|O_EXCL (EEXIST again), written and read back, listed by getdents, renamed, linked by symlink, truncated, chmod'ed, and removed (unlink, rmdir with ENOTEMPTY first); names that do not exist give ENOENT.
#include "../common.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  CHECK_OK(mkdir("d", 0755));
  CHECK_ERR(mkdir("d", 0755), EEXIST);
  int fd = open("d/f", O_CREAT | O_EXCL | O_RDWR, 0640);
  CHECK(fd >= 0);
  CHECK_ERR(open("d/f", O_CREAT | O_EXCL | O_RDWR, 0640), EEXIST);
  CHECK_EQ(write(fd, "hello world", 11), 11);
  CHECK_OK(ftruncate(fd, 5));
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_size, 5);
  CHECK_EQ(st.st_mode & 0777, 0640 & ~022);
  char buf[16] = {0};
  CHECK_EQ(pread(fd, buf, sizeof buf, 0), 5);
  printf("read: %s\n", buf);
  CHECK_OK(close(fd));
  CHECK_OK(rename("d/f", "d/g"));
  CHECK_ERR(open("d/f", O_RDONLY), ENOENT);
  CHECK_OK(symlink("g", "d/link"));
  char target[16] = {0};
  CHECK_EQ(readlink("d/link", target, sizeof target), 1);
  CHECK_OK(chmod("d/g", 0600));
  CHECK_OK(stat("d/link", &st));
  CHECK_EQ(st.st_mode & 0777, 0600);
  DIR *dir = opendir("d");
  CHECK(dir != NULL);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) n++;
  closedir(dir);
  CHECK_EQ(n, 4); /* . .. g link */
  CHECK_ERR(rmdir("d"), ENOTEMPTY);
  CHECK_OK(unlink("d/link"));
  CHECK_OK(unlink("d/g"));
  CHECK_ERR(unlink("d/g"), ENOENT);
  CHECK_ERR(unlink("d"), EISDIR);
  CHECK_OK(rmdir("d"));
  CHECK_ERR(rmdir("d"), ENOENT);
  DONE();
}
