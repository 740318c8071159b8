// fcntl_setlk_close: a process's POSIX locks on a file go when it closes ANY of its fds of that file (here another open of it), not when a forked child closes its inherited copy; a child does not inherit them.
#include "../common.h"
#include <fcntl.h>

static int setlk(int fd, short type) {
  struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
  return fcntl(fd, F_SETLK, &fl);
}

// probe reports (in a fresh process) whether a write lock can be taken now.
static int probe(void) {
  int fd = open("lockfile", O_RDWR);
  if (setlk(fd, F_WRLCK) == 0) return 0;
  return errno == EAGAIN ? 11 : 99;
}

static int fd;

static int child_closes(void) {
  // Not inherited: the child conflicts with its parent's lock.
  if (setlk(fd, F_WRLCK) != -1 || errno != EAGAIN) return 1;
  close(fd);
  return 0;
}

int main(void) {
  fd = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  int other = open("lockfile", O_RDONLY);
  CHECK(fd >= 0 && other >= 0);
  CHECK_OK(setlk(fd, F_WRLCK));
  CHECK_EQ(in_child(probe), 11);
  CHECK_EQ(in_child(child_closes), 0);
  CHECK_EQ(in_child(probe), 11); // the child's close released nothing
  int d = dup(other);
  CHECK_OK(close(d)); // closing a dup of the other open releases it all
  CHECK_EQ(in_child(probe), 0);
  DONE();
}
