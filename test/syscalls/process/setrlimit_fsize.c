// setrlimit_fsize: with RLIMIT_FSIZE lowered, a write (or pwrite, or writev) that would cross it is cut short at the limit, and one that starts at the limit raises SIGXFSZ, which kills by default or, when ignored, leaves the call failing with EFBIG; ftruncate past the limit is EFBIG too, up to it is fine; pipes are not limited.
#include "../common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/uio.h>

static const char *path = "fsize_file";

static int ignored(void) {
  signal(SIGXFSZ, SIG_IGN);
  struct rlimit r = {100, 100};
  if (setrlimit(RLIMIT_FSIZE, &r)) return 10;
  int fd = open(path, O_WRONLY | O_TRUNC);
  char buf[150] = {0};
  if (write(fd, buf, 150) != 100) return 11;
  errno = 0;
  if (write(fd, buf, 1) != -1 || errno != EFBIG) return 12;
  if (ftruncate(fd, 101) != -1 || errno != EFBIG) return 13;
  if (ftruncate(fd, 100) != 0) return 14;
  if (pwrite(fd, buf, 10, 95) != 5) return 15;
  struct iovec v[2] = {{buf, 3}, {buf, 10}};
  lseek(fd, 90, SEEK_SET);
  if (writev(fd, v, 2) != 10) return 16;
  int p[2];
  pipe(p);
  if (write(p[1], buf, 150) != 150) return 17;
  return 0;
}

static int killed(void) {
  struct rlimit z = {0, 0};
  setrlimit(RLIMIT_CORE, &z);
  struct rlimit r = {10, 10};
  setrlimit(RLIMIT_FSIZE, &r);
  int fd = open(path, O_WRONLY | O_TRUNC);
  char buf[20] = {0};
  write(fd, buf, 20);
  write(fd, buf, 1);
  return 0; /* not reached: SIGXFSZ */
}

int main(void) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0);
  close(fd);
  CHECK_EQ(in_child(ignored), 0);
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) _exit(killed());
  int st;
  CHECK_EQ(waitpid(p, &st, 0), p);
  CHECK(WIFSIGNALED(st));
  CHECK_EQ(WTERMSIG(st), SIGXFSZ);
  struct stat sb;
  CHECK_OK(stat(path, &sb));
  CHECK_EQ(sb.st_size, 10);
  DONE();
}
