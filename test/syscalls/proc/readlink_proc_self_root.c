// readlink_proc_self_root: /proc/self/root reads "/" and leads to the process's own root: "..", repeated, never climbs out of it.
#include "../common.h"
#include "proc.h"
#include <sys/stat.h>

static int same(const char *a, const char *b) {
  struct stat x, y;
  if (stat(a, &x) != 0 || stat(b, &y) != 0) return 0;
  return x.st_ino == y.st_ino && x.st_dev == y.st_dev;
}

int main(void) {
  char got[64];
  ssize_t n = readlink("/proc/self/root", got, sizeof got - 1);
  CHECK_EQ(n, 1);
  got[n > 0 ? n : 0] = 0;
  CHECK(strcmp(got, "/") == 0);
  CHECK(same("/proc/self/root", "/"));
  CHECK(same("/proc/self/root/etc/passwd", "/etc/passwd"));
  CHECK(same("/proc/self/root/../../../etc/passwd", "/etc/passwd"));
  CHECK(same("/proc/self/root/proc/self/root/..", "/"));
  CHECK(same("/proc/self/cwd/../../../../../../..", "/"));
  int fd = open("/proc/self/root", O_RDONLY | O_DIRECTORY);
  CHECK(fd >= 0);
  struct stat st;
  CHECK_OK(fstatat(fd, "etc/passwd", &st, 0));
  CHECK_OK(fstatat(fd, "../../etc/passwd", &st, 0));
  close(fd);
  DONE();
}
