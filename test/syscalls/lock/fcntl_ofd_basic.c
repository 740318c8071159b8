// fcntl_ofd_basic: OFD locks belong to the open file description: two opens in one process conflict, a dup shares the lock, they conflict with the same process's POSIX locks, F_OFD_GETLK reports l_pid -1, closing another fd of the file keeps them and the last close of the description drops them; l_pid must be 0 (EINVAL).
#include "../common.h"
#include <fcntl.h>

static struct flock fl(short type, off_t start, off_t len) {
  struct flock f = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
  return f;
}

int main(void) {
  int a = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  int b = open("lockfile", O_RDWR);
  CHECK(a >= 0 && b >= 0);
  struct flock f = fl(F_WRLCK, 0, 10);
  CHECK_OK(fcntl(a, F_OFD_SETLK, &f));
  CHECK_ERR(fcntl(b, F_OFD_SETLK, &f), EAGAIN);
  CHECK_ERR(fcntl(b, F_SETLK, &f), EAGAIN); // a POSIX lock of the same process
  struct flock g = fl(F_RDLCK, 5, 1);
  CHECK_OK(fcntl(b, F_OFD_GETLK, &g));
  CHECK_EQ(g.l_type, F_WRLCK);
  CHECK_EQ(g.l_start, 0);
  CHECK_EQ(g.l_len, 10);
  CHECK_EQ(g.l_pid, -1);
  struct flock p = fl(F_RDLCK, 5, 1);
  CHECK_OK(fcntl(b, F_GETLK, &p));
  CHECK_EQ(p.l_type, F_WRLCK);
  CHECK_EQ(p.l_pid, -1);
  struct flock mine = fl(F_RDLCK, 5, 1);
  CHECK_OK(fcntl(a, F_OFD_GETLK, &mine));
  CHECK_EQ(mine.l_type, F_UNLCK); // its own lock
  int d = dup(a);
  f = fl(F_RDLCK, 0, 20);
  CHECK_OK(fcntl(d, F_OFD_SETLK, &f)); // the same owner: converts and extends
  CHECK_OK(close(b)); // another fd of the file: OFD locks stay
  b = open("lockfile", O_RDWR);
  f = fl(F_WRLCK, 15, 1);
  CHECK_ERR(fcntl(b, F_OFD_SETLK, &f), EAGAIN);
  f = fl(F_RDLCK, 15, 1);
  CHECK_OK(fcntl(b, F_OFD_SETLK, &f)); // read locks share
  f = fl(F_UNLCK, 0, 0);
  CHECK_OK(fcntl(b, F_OFD_SETLK, &f));
  CHECK_OK(close(a));
  f = fl(F_WRLCK, 0, 0);
  CHECK_ERR(fcntl(b, F_OFD_SETLK, &f), EAGAIN); // the dup still holds it
  CHECK_OK(close(d));
  CHECK_OK(fcntl(b, F_OFD_SETLK, &f));
  f.l_pid = 5;
  CHECK_ERR(fcntl(b, F_OFD_SETLK, &f), EINVAL);
  CHECK_ERR(fcntl(b, F_OFD_GETLK, &f), EINVAL);
  CHECK_ERR(fcntl(b, F_OFD_SETLKW, &f), EINVAL);
  DONE();
}
