// pipe_size: F_GETPIPE_SZ is 65536 for a new pipe; F_SETPIPE_SZ rounds up to a power-of-two number of pages and is read back; a pipe holds exactly its size (a nonblocking write beyond it is partial, then EAGAIN); shrinking below the bytes it holds is EBUSY; F_GETPIPE_SZ on a non-pipe is EBADF.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int p[2];
  CHECK_OK(pipe2(p, O_NONBLOCK));
  CHECK_EQ(fcntl(p[0], F_GETPIPE_SZ), 65536);
  CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 5000), 8192);
  CHECK_EQ(fcntl(p[0], F_GETPIPE_SZ), 8192);
  static char buf[10000];
  CHECK_EQ(write(p[1], buf, sizeof buf), 8192);
  CHECK_ERR(write(p[1], buf, 1), EAGAIN);
  CHECK_ERR(fcntl(p[1], F_SETPIPE_SZ, 4096), EBUSY);
  CHECK_ERR(fcntl(0 + open("/etc/passwd", O_RDONLY), F_GETPIPE_SZ), EBADF);
  DONE();
}
