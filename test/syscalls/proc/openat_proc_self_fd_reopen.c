// openat_proc_self_fd_reopen: opening /proc/self/fd/N reopens the file: a regular file with a new offset of its own, a pipe's read end reads what its write end wrote, and more access than the pipe end has is refused.
#include "../common.h"
#include "proc.h"
#include <sys/stat.h>

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  char a[8], b[8];
  CHECK_EQ(read(fd, a, 4), 4);
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  int re = open(path, O_RDONLY);
  CHECK(re >= 0 && re != fd);
  CHECK_EQ(lseek(re, 0, SEEK_CUR), 0);
  CHECK_EQ(read(re, b, 4), 4);
  CHECK(memcmp(a, b, 4) == 0);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 4);
  struct stat x, y;
  CHECK_OK(fstat(fd, &x));
  CHECK_OK(fstat(re, &y));
  CHECK(x.st_ino == y.st_ino && x.st_dev == y.st_dev);
  // O_NOFOLLOW refuses the link itself.
  CHECK_ERR(open(path, O_RDONLY | O_NOFOLLOW), ELOOP);

  int p[2];
  CHECK_OK(pipe(p));
  CHECK_EQ(write(p[1], "hello", 5), 5);
  snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
  int r2 = open(path, O_RDONLY);
  CHECK(r2 >= 0);
  char buf[8] = {0};
  CHECK_EQ(read(r2, buf, 5), 5);
  CHECK(memcmp(buf, "hello", 5) == 0);
  snprintf(path, sizeof path, "/dev/fd/%d", p[1]);
  int w2 = open(path, O_WRONLY);
  CHECK(w2 >= 0);
  CHECK_EQ(write(w2, "x", 1), 1);
  CHECK_EQ(read(p[0], buf, 1), 1);
  CHECK(buf[0] == 'x');
  CHECK_OK(fstat(r2, &x));
  CHECK(S_ISFIFO(x.st_mode));
  DONE();
}
