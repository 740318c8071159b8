// rename_replace: rename moves a file and replaces an existing file atomically; a directory replaces an empty directory; a file over a directory is EISDIR, a directory over a file ENOTDIR, over a non-empty directory ENOTEMPTY, into its own subdirectory EINVAL; renaming a name to itself does nothing; an open file survives its rename.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

static void put(const char *p, const char *s) {
  int fd = open(p, O_CREAT | O_TRUNC | O_WRONLY, 0644);
  write(fd, s, strlen(s));
  close(fd);
}

static void show(const char *p) {
  char buf[32] = {0};
  int fd = open(p, O_RDONLY);
  if (fd < 0) { printf("%s: %s\n", p, errname(errno)); return; }
  read(fd, buf, sizeof buf - 1);
  close(fd);
  printf("%s: %s\n", p, buf);
}

int main(void) {
  put("a", "A");
  put("b", "B");
  int fd = open("a", O_RDONLY);
  CHECK_OK(rename("a", "b"));
  show("a");
  show("b");
  char c = 0;
  CHECK_EQ(read(fd, &c, 1), 1);
  printf("open file after rename: %c\n", c);
  close(fd);
  CHECK_OK(rename("b", "b"));
  show("b");

  CHECK_OK(mkdir("d1", 0755));
  CHECK_OK(mkdir("d2", 0755));
  put("d1/in", "IN");
  CHECK_OK(rename("d1", "d2"));
  show("d2/in");
  CHECK_ERR(rename("b", "d2"), EISDIR);
  CHECK_ERR(rename("d2", "b"), ENOTDIR);
  CHECK_OK(mkdir("d3", 0755));
  CHECK(rename("d3", "d2") == -1 && (errno == ENOTEMPTY || errno == EEXIST));
  CHECK_ERR(rename("d2", "d2/sub"), EINVAL);
  CHECK_ERR(rename("missing", "x"), ENOENT);
  CHECK_ERR(rename("b", "nodir/x"), ENOENT);
  CHECK_OK(rename("b", "d3/b"));
  show("d3/b");
  DONE();
}
