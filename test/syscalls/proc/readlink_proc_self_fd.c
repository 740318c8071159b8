// readlink_proc_self_fd: /proc/self/fd/N names a file by its path, a pipe as pipe:[inode], an eventfd as anon_inode:[eventfd]; a closed fd is ENOENT.
#include "../common.h"
#include "proc.h"
#include <sys/eventfd.h>
#include <sys/stat.h>

static int link_is(int fd, const char *want) {
  char path[64], got[256];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(path, got, sizeof got - 1);
  if (n < 0) return 0;
  got[n] = 0;
  return strcmp(got, want) == 0;
}

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  CHECK(link_is(fd, "/etc/passwd"));
  int nul = open("/dev/null", O_WRONLY);
  CHECK(link_is(nul, "/dev/null"));
  int p[2];
  CHECK_OK(pipe(p));
  struct stat st;
  CHECK_OK(fstat(p[0], &st));
  char want[64];
  snprintf(want, sizeof want, "pipe:[%lu]", (unsigned long)st.st_ino);
  CHECK(link_is(p[0], want));
  CHECK(link_is(p[1], want));
  int efd = eventfd(0, 0);
  CHECK(link_is(efd, "anon_inode:[eventfd]"));
  // The link's mode shows the access mode: r-x for O_RDONLY, -wx for O_WRONLY.
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  CHECK_OK(lstat(path, &st));
  CHECK(S_ISLNK(st.st_mode));
  CHECK_EQ(st.st_mode & 0777, 0500);
  snprintf(path, sizeof path, "/proc/self/fd/%d", nul);
  CHECK_OK(lstat(path, &st));
  CHECK_EQ(st.st_mode & 0777, 0300);
  close(fd);
  char got[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  CHECK_ERR(readlink(path, got, sizeof got), ENOENT);
  CHECK_ERR(readlink("/proc/self/fd/999999", got, sizeof got), ENOENT);
  CHECK_ERR(readlink("/proc/self/fd/abc", got, sizeof got), ENOENT);
  DONE();
}
