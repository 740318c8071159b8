// kill_targets: kill(pid, 0) tests that a process exists (0, or ESRCH once reaped); kill(0, sig) signals the caller's process group (run in a child with a group of its own), kill(-pgid, sig) another group (its members get it) and is ESRCH once the group is gone; a signal number over 64 is EINVAL; a zombie still accepts signal 0.
#include "../common.h"
#include <signal.h>
#include <time.h>

static volatile sig_atomic_t got;
static void on_usr1(int s) {
  (void)s;
  got = 1;
}

static int body(void) {
  setpgid(0, 0); /* kill(0, ...) must reach only this test */
  CHECK_OK(kill(getpid(), 0));
  CHECK_ERR(kill(getpid(), 65), EINVAL);
  CHECK_ERR(kill(0x3ffffff0, 0), ESRCH);

  signal(SIGUSR1, on_usr1);
  CHECK_OK(kill(0, SIGUSR1)); /* our own group: includes us */
  CHECK_EQ(got, 1);

  int p[2];
  CHECK_OK(pipe(p));
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    setpgid(0, 0);
    got = 0;
    write(p[1], "r", 1);
    while (!got) {
      struct timespec d = {0, 1000000};
      nanosleep(&d, NULL);
    }
    _exit(33);
  }
  char r;
  CHECK_EQ(read(p[0], &r, 1), 1);
  CHECK_OK(kill(-c, SIGUSR1)); /* the child's own group */
  int st;
  CHECK_EQ(waitpid(c, &st, 0), c);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 33);
  CHECK_ERR(kill(c, 0), ESRCH);
  CHECK_ERR(kill(-c, SIGUSR1), ESRCH);

  pid_t z = fork();
  if (z == 0) _exit(0);
  struct timespec d = {0, 50000000};
  nanosleep(&d, NULL);
  CHECK_OK(kill(z, 0)); /* a zombie still exists */
  CHECK_EQ(waitpid(z, &st, 0), z);
  fflush(stdout);
  return husk_failures ? 1 : 0;
}

int main(void) {
  CHECK_EQ(in_child(body), 0);
  DONE();
}
