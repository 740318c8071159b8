// fcntl_ofd_fork: a forked child shares its parent's OFD locks through the inherited description (it may relock and unlock them), while a fresh open in the child conflicts; the child's exit does not drop them.
#include "../common.h"
#include <fcntl.h>

static int fd;

static int child(void) {
  struct flock f = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
  if (fcntl(fd, F_OFD_SETLK, &f) != 0) return 1;
  int mine = open("lockfile", O_RDWR);
  if (fcntl(mine, F_OFD_SETLK, &f) != -1 || errno != EAGAIN) return 2;
  if (fcntl(mine, F_SETLK, &f) != -1 || errno != EAGAIN) return 3;
  return 0;
}

static int probe(void) {
  int mine = open("lockfile", O_RDWR);
  struct flock f = {.l_type = F_RDLCK, .l_whence = SEEK_SET};
  if (fcntl(mine, F_OFD_SETLK, &f) == 0) return 0;
  return errno == EAGAIN ? 11 : 99;
}

int main(void) {
  fd = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  struct flock f = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
  CHECK_OK(fcntl(fd, F_OFD_SETLK, &f));
  CHECK_EQ(in_child(child), 0);
  CHECK_EQ(in_child(probe), 11);
  f.l_type = F_UNLCK;
  CHECK_OK(fcntl(fd, F_OFD_SETLK, &f));
  CHECK_EQ(in_child(probe), 0);
  DONE();
}
