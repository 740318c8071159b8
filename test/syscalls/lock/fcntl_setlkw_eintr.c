// fcntl_setlkw_eintr: F_SETLKW waiting on another process's lock is interrupted by a signal whose handler has no SA_RESTART (EINTR), and flock's wait too; once the holder goes, F_SETLKW gets the lock.
#include "../common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/time.h>

static volatile int alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static void arm(void) {
  struct itimerval it = {.it_value = {.tv_usec = 100000}};
  setitimer(ITIMER_REAL, &it, NULL);
}

int main(void) {
  struct sigaction sa = {.sa_handler = on_alarm}; // no SA_RESTART
  CHECK_OK(sigaction(SIGALRM, &sa, NULL));
  int fd = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  int ready[2], go[2];
  CHECK_OK(pipe(ready));
  CHECK_OK(pipe(go));
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    int mine = open("lockfile", O_RDWR);
    struct flock w = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    fcntl(mine, F_SETLK, &w);
    flock(mine, LOCK_EX);
    write(ready[1], "x", 1);
    char b;
    read(go[0], &b, 1);
    _exit(0);
  }
  char b;
  CHECK_EQ(read(ready[0], &b, 1), 1);
  struct flock w = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
  arm();
  CHECK_ERR(fcntl(fd, F_SETLKW, &w), EINTR);
  CHECK_EQ(alarms, 1);
  arm();
  CHECK_ERR(flock(fd, LOCK_SH), EINTR);
  CHECK_EQ(alarms, 2);
  write(go[1], "x", 1);
  CHECK_OK(fcntl(fd, F_SETLKW, &w)); // waits for the child's exit
  CHECK_OK(flock(fd, LOCK_EX));
  int st;
  CHECK_EQ(waitpid(c, &st, 0), c);
  DONE();
}
