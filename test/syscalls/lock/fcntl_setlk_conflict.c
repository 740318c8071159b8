// fcntl_setlk_conflict: POSIX record locks between two processes: a write lock conflicts with overlapping read and write locks (EAGAIN), not with a neighbouring range; read locks share; F_GETLK reports the holder's type, range and pid.
#include "../common.h"
#include <fcntl.h>

static int setlk(int fd, int cmd, short type, off_t start, off_t len) {
  struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
  return fcntl(fd, cmd, &fl);
}

int main(void) {
  int fd = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  int go[2], res[2];
  CHECK_OK(pipe(go));
  CHECK_OK(pipe(res));
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    int mine = open("lockfile", O_RDWR);
    int ok = setlk(mine, F_SETLK, F_WRLCK, 10, 10) == 0 && setlk(mine, F_SETLK, F_RDLCK, 30, 10) == 0;
    write(res[1], &ok, sizeof ok);
    char b;
    read(go[0], &b, 1);
    _exit(0);
  }
  int ok = 0;
  CHECK_EQ(read(res[0], &ok, sizeof ok), sizeof ok);
  CHECK(ok);
  CHECK_ERR(setlk(fd, F_SETLK, F_RDLCK, 15, 1), EAGAIN);
  CHECK_ERR(setlk(fd, F_SETLK, F_WRLCK, 0, 11), EAGAIN);
  CHECK_ERR(setlk(fd, F_SETLK, F_WRLCK, 35, 0), EAGAIN);
  CHECK_OK(setlk(fd, F_SETLK, F_WRLCK, 0, 10));  // just before
  CHECK_OK(setlk(fd, F_SETLK, F_WRLCK, 20, 10)); // just after
  CHECK_OK(setlk(fd, F_SETLK, F_RDLCK, 30, 5));  // read locks share

  struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 12, .l_len = 100};
  CHECK_OK(fcntl(fd, F_GETLK, &fl));
  CHECK_EQ(fl.l_type, F_WRLCK);
  CHECK_EQ(fl.l_whence, SEEK_SET);
  CHECK_EQ(fl.l_start, 10);
  CHECK_EQ(fl.l_len, 10);
  CHECK(fl.l_pid == c);
  struct flock w = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 36, .l_len = 0};
  CHECK_OK(fcntl(fd, F_GETLK, &w));
  CHECK_EQ(w.l_type, F_RDLCK);
  CHECK_EQ(w.l_start, 30);
  CHECK_EQ(w.l_len, 10);
  CHECK(w.l_pid == c);

  write(go[1], "x", 1);
  int st;
  CHECK_EQ(waitpid(c, &st, 0), c);
  // The child's locks went with its exit.
  CHECK_OK(setlk(fd, F_SETLK, F_WRLCK, 0, 0));
  DONE();
}
