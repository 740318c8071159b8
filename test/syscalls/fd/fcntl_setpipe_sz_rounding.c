// fcntl_setpipe_sz_rounding: F_SETPIPE_SZ rounds any size up to a power-of-two number of pages (0 and 1 become one page, 4097 two, 65537 128 KiB) and returns it; either end sets the pipe's one size; a size the pipe's contents do not fit in is EBUSY and leaves the size alone; a negative size is EINVAL; on a regular file it is EBADF.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int p[2];
  CHECK_OK(pipe(p));
  long page = sysconf(_SC_PAGESIZE);
  CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 0), page);
  CHECK_EQ(fcntl(p[0], F_GETPIPE_SZ), page);
  CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 1), page);
  CHECK_EQ(fcntl(p[0], F_SETPIPE_SZ, page + 1), 2 * page);
  CHECK_EQ(fcntl(p[1], F_GETPIPE_SZ), 2 * page);
  CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 3 * page), 4 * page);
  CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 65537), 131072);
  static char buf[20000];
  CHECK_EQ(write(p[1], buf, sizeof buf), sizeof buf);
  CHECK_ERR(fcntl(p[1], F_SETPIPE_SZ, 2 * page), EBUSY);
  CHECK_EQ(fcntl(p[0], F_GETPIPE_SZ), 131072);
  CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 32768), 32768);
  CHECK_EQ(read(p[0], buf, sizeof buf), sizeof buf);
  CHECK_ERR(fcntl(p[1], F_SETPIPE_SZ, -1), EINVAL);
  int fd = open(".", O_RDONLY | O_DIRECTORY);
  CHECK_ERR(fcntl(fd, F_SETPIPE_SZ, 4096), EBADF);
  DONE();
}
