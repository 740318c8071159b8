// flock_errors: a bad fd and an O_PATH fd are EBADF; an operation that is not exactly one of LOCK_SH, LOCK_EX, LOCK_UN (with LOCK_NB) is EINVAL, checked before the fd; LOCK_MAND is ignored before anything; LOCK_UN with no lock succeeds; pipes and read-only files can be locked.
#include "../common.h"
#include <fcntl.h>
#include <sys/file.h>

int main(void) {
  int fd = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK_ERR(flock(-1, LOCK_SH), EBADF);
  CHECK_ERR(flock(1000, LOCK_EX), EBADF);
  int path = open("lockfile", O_PATH);
  CHECK_ERR(flock(path, LOCK_SH), EBADF);
  CHECK_ERR(flock(fd, 0), EINVAL);
  CHECK_ERR(flock(fd, LOCK_NB), EINVAL);
  CHECK_ERR(flock(fd, LOCK_SH | LOCK_EX), EINVAL);
  CHECK_ERR(flock(fd, LOCK_UN | LOCK_SH), EINVAL);
  CHECK_ERR(flock(fd, 64 | LOCK_SH), EINVAL);
  CHECK_ERR(flock(-1, 0), EINVAL);
  CHECK_ERR(flock(path, LOCK_UN), EBADF);
  CHECK_EQ(flock(-1, 32 | LOCK_SH), 0); // LOCK_MAND
  CHECK_OK(flock(fd, LOCK_UN));
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_OK(flock(p[0], LOCK_EX | LOCK_NB));
  CHECK_ERR(flock(p[1], LOCK_EX | LOCK_NB), EWOULDBLOCK); // the other end: the same pipe
  int ro = open("/etc/passwd", O_RDONLY);
  CHECK_OK(flock(ro, LOCK_SH | LOCK_NB)); // shared: other runs may hold it too
  CHECK_OK(flock(ro, LOCK_UN));
  DONE();
}
