// flock_conflict: an exclusive flock of one open blocks another open's LOCK_SH|LOCK_NB and LOCK_EX|LOCK_NB with EWOULDBLOCK (in another process too) until LOCK_UN; shared locks coexist.
#include "../common.h"
#include <fcntl.h>
#include <sys/file.h>

int main(void) {
  int fd = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  int other = open("lockfile", O_RDONLY);
  CHECK(other >= 0);
  CHECK_OK(flock(fd, LOCK_EX));
  CHECK_ERR(flock(other, LOCK_SH | LOCK_NB), EWOULDBLOCK);
  CHECK_ERR(flock(other, LOCK_EX | LOCK_NB), EWOULDBLOCK);
  CHECK_OK(flock(fd, LOCK_EX)); // again: no change

  int go[2], res[2];
  CHECK_OK(pipe(go));
  CHECK_OK(pipe(res));
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    int mine = open("lockfile", O_RDWR);
    int r[3];
    errno = 0;
    r[0] = flock(mine, LOCK_SH | LOCK_NB) == -1 ? errno : 0;
    char b;
    write(res[1], r, sizeof r[0]);
    read(go[0], &b, 1); // parent unlocked
    r[1] = flock(mine, LOCK_SH | LOCK_NB) == -1 ? errno : 0;
    r[2] = flock(mine, LOCK_EX | LOCK_NB) == -1 ? errno : 0; // converts: the parent holds none now
    write(res[1], r + 1, 2 * sizeof r[0]);
    _exit(0);
  }
  int r[3];
  CHECK_EQ(read(res[0], r, sizeof r[0]), sizeof r[0]);
  CHECK(r[0] == EWOULDBLOCK);
  CHECK_OK(flock(fd, LOCK_UN));
  CHECK_OK(flock(other, LOCK_SH)); // a shared lock beside the child's
  CHECK_OK(flock(other, LOCK_UN));
  write(go[1], "x", 1);
  CHECK_EQ(read(res[0], r + 1, 2 * sizeof r[0]), 2 * sizeof r[0]);
  CHECK(r[1] == 0);
  CHECK(r[2] == 0);
  int st;
  CHECK_EQ(waitpid(c, &st, 0), c);
  // The child's lock went with its exit.
  CHECK_OK(flock(fd, LOCK_EX | LOCK_NB));
  DONE();
}
