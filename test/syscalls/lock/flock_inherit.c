// flock_inherit: a flock belongs to the open file description: a dup and a forked child's copy share it (and may relock it), closing one of them keeps it, and the last close releases it.
#include "../common.h"
#include <fcntl.h>
#include <sys/file.h>

static int fd;

static int child(void) {
  // The inherited fd shares the lock: relocking it succeeds at once.
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) return 1;
  // A fresh open of the same file conflicts.
  int mine = open("lockfile", O_RDONLY);
  if (flock(mine, LOCK_SH | LOCK_NB) != -1 || errno != EWOULDBLOCK) return 2;
  return 0;
}

int main(void) {
  fd = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  int other = open("lockfile", O_RDONLY);
  CHECK_OK(flock(fd, LOCK_EX));
  CHECK_EQ(in_child(child), 0);
  // The child's exit closed its copy: the lock is still held.
  CHECK_ERR(flock(other, LOCK_SH | LOCK_NB), EWOULDBLOCK);
  int d = dup(fd);
  CHECK(d >= 0);
  CHECK_OK(flock(d, LOCK_EX | LOCK_NB)); // the same description
  CHECK_OK(close(fd));
  CHECK_ERR(flock(other, LOCK_SH | LOCK_NB), EWOULDBLOCK);
  CHECK_OK(close(d)); // the last reference
  CHECK_OK(flock(other, LOCK_EX | LOCK_NB));
  DONE();
}
