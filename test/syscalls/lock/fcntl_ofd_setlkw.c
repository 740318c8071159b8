// fcntl_ofd_setlkw: F_OFD_SETLKW waits for a conflicting OFD lock of another process and gets it once that lock is released; F_OFD_SETLK meanwhile says EAGAIN.
#include "../common.h"
#include <fcntl.h>
#include <time.h>

int main(void) {
  int fd = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  struct flock f = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 100};
  CHECK_OK(fcntl(fd, F_OFD_SETLK, &f));
  int ready[2], res[2];
  CHECK_OK(pipe(ready));
  CHECK_OK(pipe(res));
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    int mine = open("lockfile", O_RDWR);
    struct flock r = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 50, .l_len = 1};
    int out[2];
    out[0] = fcntl(mine, F_OFD_SETLK, &r) == 0 ? 0 : errno;
    write(ready[1], "x", 1);
    out[1] = fcntl(mine, F_OFD_SETLKW, &r) == 0 ? 0 : errno;
    write(res[1], out, sizeof out);
    _exit(0);
  }
  char b;
  CHECK_EQ(read(ready[0], &b, 1), 1);
  struct timespec ts = {0, 100000000};
  nanosleep(&ts, NULL);
  f.l_type = F_UNLCK;
  f.l_start = 40;
  f.l_len = 20;
  CHECK_OK(fcntl(fd, F_OFD_SETLK, &f)); // frees byte 50
  int out[2] = {-1, -1};
  CHECK_EQ(read(res[0], out, sizeof out), sizeof out);
  CHECK(out[0] == EAGAIN);
  CHECK(out[1] == 0);
  int st;
  CHECK_EQ(waitpid(c, &st, 0), c);
  DONE();
}
