// prlimit64_nofile: lowering RLIMIT_NOFILE makes open, dup and pipe fail with EMFILE once the lowest free descriptor reaches the soft limit; dup2/fcntl(F_DUPFD) to a target at or above it is EBADF/EINVAL; prlimit64 reads back what it set and returns the old value.
#include "../common.h"
#include <fcntl.h>
#include <sys/resource.h>

int main(void) {
  struct rlimit old, r = {8, 8}, got;
  CHECK_OK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &r, &old));
  CHECK(old.rlim_cur > 8);
  CHECK_OK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &got));
  CHECK_EQ(got.rlim_cur, 8);
  CHECK_EQ(got.rlim_max, 8);
  int n = 0;
  for (;;) {
    int fd = open("/dev/null", O_RDONLY);
    if (fd < 0) break;
    n++;
  }
  CHECK_EQ(errno, EMFILE);
  CHECK(n >= 1 && n <= 5);
  CHECK_ERR(dup(0), EMFILE);
  int p[2];
  CHECK_ERR(pipe(p), EMFILE);
  CHECK_ERR(dup2(0, 8), EBADF);
  CHECK_ERR(fcntl(0, F_DUPFD, 8), EINVAL);
  CHECK_OK(close(7));
  CHECK_EQ(dup(0), 7);
  /* Raising the hard limit back needs CAP_SYS_RESOURCE; the soft one may not pass the hard. */
  struct rlimit up = {9, 8};
  CHECK_ERR(setrlimit(RLIMIT_NOFILE, &up), EINVAL);
  DONE();
}
