// fcntl_setlkw_restart: F_SETLKW and flock waits interrupted by a handler installed with SA_RESTART are restarted, and get the lock once the holder lets go (here from the handler's own doing).
#include "../common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/time.h>

static volatile int alarms;
static int go_w;
static void on_alarm(int sig) {
  (void)sig;
  alarms++;
  write(go_w, "x", 1); // tells a holder to let go
}

static void arm(void) {
  struct itimerval it = {.it_value = {.tv_usec = 50000}};
  setitimer(ITIMER_REAL, &it, NULL);
}

// holder takes both kinds of lock, says so, and exits when told.
static pid_t holder(int ready_w, int go_r) {
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    int mine = open("lockfile", O_RDWR);
    struct flock w = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    fcntl(mine, F_SETLK, &w);
    flock(mine, LOCK_EX);
    write(ready_w, "x", 1);
    char b;
    read(go_r, &b, 1);
    _exit(0);
  }
  return c;
}

int main(void) {
  struct sigaction sa = {.sa_handler = on_alarm, .sa_flags = SA_RESTART};
  CHECK_OK(sigaction(SIGALRM, &sa, NULL));
  int fd = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  int ready[2], go[2];
  CHECK_OK(pipe(ready));
  CHECK_OK(pipe(go));
  go_w = go[1];
  char b;
  int st;

  pid_t c = holder(ready[1], go[0]);
  CHECK_EQ(read(ready[0], &b, 1), 1);
  struct flock w = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
  arm();
  CHECK_OK(fcntl(fd, F_SETLKW, &w));
  CHECK_EQ(alarms, 1);
  CHECK_EQ(waitpid(c, &st, 0), c);
  w.l_type = F_UNLCK;
  CHECK_OK(fcntl(fd, F_SETLK, &w));

  c = holder(ready[1], go[0]);
  CHECK_EQ(read(ready[0], &b, 1), 1);
  arm();
  CHECK_OK(flock(fd, LOCK_SH));
  CHECK_EQ(alarms, 2);
  CHECK_EQ(waitpid(c, &st, 0), c);
  DONE();
}
