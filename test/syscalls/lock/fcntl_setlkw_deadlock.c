// fcntl_setlkw_deadlock: two processes each holding one byte and waiting (F_SETLKW) for the other's: the second to wait gets EDEADLK, and once it lets go the first gets its lock.
#include "../common.h"
#include <fcntl.h>
#include <time.h>

static int lk(int fd, int cmd, short type, off_t start) {
  struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = 1};
  return fcntl(fd, cmd, &fl);
}

int main(void) {
  int fd = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK_OK(lk(fd, F_SETLK, F_WRLCK, 0));
  int ready[2], res[2];
  CHECK_OK(pipe(ready));
  CHECK_OK(pipe(res));
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    int mine = open("lockfile", O_RDWR);
    lk(mine, F_SETLK, F_WRLCK, 1);
    write(ready[1], "x", 1);
    int r = lk(mine, F_SETLKW, F_WRLCK, 0) == 0 ? 0 : errno;
    write(res[1], &r, sizeof r);
    _exit(0); // lets byte 1 go
  }
  char b;
  CHECK_EQ(read(ready[0], &b, 1), 1);
  struct timespec ts = {0, 200000000};
  nanosleep(&ts, NULL); // usually lets the child start waiting first
  int mine = lk(fd, F_SETLKW, F_WRLCK, 1) == 0 ? 0 : errno;
  if (mine == EDEADLK) CHECK_OK(lk(fd, F_SETLK, F_UNLCK, 0)); // let the child have byte 0
  int theirs = -1;
  CHECK_EQ(read(res[0], &theirs, sizeof theirs), sizeof theirs);
  CHECK((mine == EDEADLK) != (theirs == EDEADLK));
  CHECK(mine == 0 || mine == EDEADLK);
  CHECK(theirs == 0 || theirs == EDEADLK);
  int st;
  CHECK_EQ(waitpid(c, &st, 0), c);
  DONE();
}
