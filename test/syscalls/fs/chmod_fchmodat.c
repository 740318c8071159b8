// chmod_fchmodat: chmod, fchmod and fchmodat set the permission bits (setuid, setgid and sticky included, the type kept); chmod through a symlink changes its target; ENOENT for a missing name, ENOTDIR through a file.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

static unsigned mode_of(const char *p) {
  struct stat st;
  if (stat(p, &st) != 0) return 0;
  return st.st_mode;
}

int main(void) {
  int fd = open("f", O_CREAT | O_RDWR, 0600);
  CHECK_OK(chmod("f", 0754));
  CHECK_EQ(mode_of("f"), S_IFREG | 0754);
  CHECK_OK(fchmod(fd, 04711));
  CHECK_EQ(mode_of("f"), S_IFREG | 04711);
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_mode, S_IFREG | 04711);
  CHECK_OK(fchmodat(AT_FDCWD, "f", 0640, 0));
  CHECK_EQ(mode_of("f"), S_IFREG | 0640);
  close(fd);
  CHECK_OK(mkdir("d", 0755));
  CHECK_OK(chmod("d", 01777));
  CHECK_EQ(mode_of("d"), S_IFDIR | 01777);
  int dfd = open("d", O_RDONLY | O_DIRECTORY);
  CHECK_OK(fchmod(dfd, 0700));
  CHECK_EQ(mode_of("d"), S_IFDIR | 0700);
  close(dfd);
  CHECK_OK(symlink("f", "l"));
  CHECK_OK(chmod("l", 0604));
  CHECK_EQ(mode_of("f"), S_IFREG | 0604);
  CHECK_ERR(chmod("missing", 0644), ENOENT);
  CHECK_ERR(chmod("f/x", 0644), ENOTDIR);
  /* Mode 0 on a file its owner still opens as root-or-not: no data change. */
  CHECK_OK(chmod("f", 0));
  CHECK_EQ(mode_of("f"), S_IFREG);
  CHECK_OK(chmod("f", 0644));
  DONE();
}
