// fcntl_getlk_unlocked: F_GETLK on a range nobody else locks sets l_type to F_UNLCK and leaves the other fields; a process's own locks never conflict with its own F_GETLK; F_GETLEASE says F_UNLCK.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int fd = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  struct flock f = {.l_type = F_WRLCK, .l_whence = SEEK_CUR, .l_start = 3, .l_len = 7, .l_pid = 12345};
  CHECK_OK(fcntl(fd, F_GETLK, &f));
  CHECK_EQ(f.l_type, F_UNLCK);
  CHECK_EQ(f.l_whence, SEEK_CUR);
  CHECK_EQ(f.l_start, 3);
  CHECK_EQ(f.l_len, 7);
  CHECK_EQ(f.l_pid, 12345);
  struct flock w = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
  CHECK_OK(fcntl(fd, F_SETLK, &w));
  struct flock g = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
  CHECK_OK(fcntl(fd, F_GETLK, &g));
  CHECK_EQ(g.l_type, F_UNLCK);
  CHECK_EQ(fcntl(fd, F_GETLEASE), F_UNLCK);
  DONE();
}
