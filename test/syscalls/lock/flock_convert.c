// flock_convert: LOCK_SH and LOCK_EX convert a held flock; a conversion to LOCK_EX that fails with EWOULDBLOCK has already dropped the old shared lock, as Linux's does.
#include "../common.h"
#include <fcntl.h>
#include <sys/file.h>

int main(void) {
  int a = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  int b = open("lockfile", O_RDONLY);
  int c = open("lockfile", O_RDONLY);
  CHECK(a >= 0 && b >= 0 && c >= 0);
  CHECK_OK(flock(a, LOCK_EX));
  CHECK_OK(flock(a, LOCK_SH)); // downgrade
  CHECK_OK(flock(b, LOCK_SH | LOCK_NB));
  CHECK_ERR(flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK); // b holds a shared lock
  CHECK_OK(flock(b, LOCK_UN));
  // a lost its shared lock in the failed conversion: c gets an exclusive one.
  CHECK_OK(flock(c, LOCK_EX | LOCK_NB));
  CHECK_ERR(flock(a, LOCK_SH | LOCK_NB), EWOULDBLOCK);
  CHECK_OK(flock(c, LOCK_UN));
  CHECK_OK(flock(a, LOCK_SH | LOCK_NB));
  DONE();
}
