// flock_fcntl_independent: flock locks and fcntl record locks are independent: a process holding one kind on a file can take the other kind through another open, and another process meets each kind's own conflict (EWOULDBLOCK, EAGAIN); dropping one leaves the other.
#include "../common.h"
#include <fcntl.h>
#include <sys/file.h>

static int probe_flock(void) {
  int fd = open("lockfile", O_RDWR);
  if (flock(fd, LOCK_EX | LOCK_NB) == 0) return 0;
  return errno == EWOULDBLOCK ? 11 : 99;
}

static int probe_fcntl(void) {
  int fd = open("lockfile", O_RDWR);
  struct flock f = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
  if (fcntl(fd, F_SETLK, &f) == 0) return 0;
  return errno == EAGAIN ? 11 : 99;
}

int main(void) {
  int a = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  int b = open("lockfile", O_RDWR);
  CHECK_OK(flock(a, LOCK_EX));
  struct flock f = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
  CHECK_OK(fcntl(b, F_SETLK, &f));
  CHECK_EQ(in_child(probe_flock), 11);
  CHECK_EQ(in_child(probe_fcntl), 11);
  CHECK_OK(flock(a, LOCK_UN));
  CHECK_EQ(in_child(probe_flock), 0);
  CHECK_EQ(in_child(probe_fcntl), 11);
  DONE();
}
