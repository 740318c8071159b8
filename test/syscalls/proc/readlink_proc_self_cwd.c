// readlink_proc_self_cwd: /proc/self/cwd follows chdir and fchdir, and a walk through it reaches the working directory itself.
#include "../common.h"
#include "proc.h"
#include <limits.h>
#include <sys/stat.h>

static int is(const char *want) {
  char got[PATH_MAX];
  ssize_t n = readlink("/proc/self/cwd", got, sizeof got - 1);
  if (n < 0) return 0;
  got[n] = 0;
  return strcmp(got, want) == 0;
}

int main(void) {
  char start[PATH_MAX];
  CHECK(getcwd(start, sizeof start) != NULL);
  CHECK(is(start));
  CHECK_OK(chdir("/"));
  CHECK(is("/"));
  CHECK_OK(chdir("/usr/bin"));
  CHECK(is("/usr/bin"));
  int fd = open("/etc", O_RDONLY | O_DIRECTORY);
  CHECK(fd >= 0);
  CHECK_OK(fchdir(fd));
  CHECK(is("/etc"));
  struct stat a, b;
  CHECK_OK(stat("/proc/self/cwd/passwd", &a));
  CHECK_OK(stat("/etc/passwd", &b));
  CHECK(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
  CHECK_OK(chdir(start));
  CHECK(is(start));
  close(fd);
  DONE();
}
