// rt_sigaction_nocldwait: with SIGCHLD set to SIG_IGN, or SA_NOCLDWAIT, children are reaped as they exit: wait then blocks until the last child is gone and fails with ECHILD; with SA_NOCLDWAIT and a handler, SIGCHLD is still delivered; restoring SIG_DFL brings zombies back.
#include "../common.h"
#include <signal.h>
#include <time.h>

static volatile sig_atomic_t chld;
static void on_chld(int s) {
  (void)s;
  chld++;
}

static void nap(long ms) {
  struct timespec d = {0, ms * 1000000};
  nanosleep(&d, NULL);
}

int main(void) {
  signal(SIGCHLD, SIG_IGN);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) _exit(3);
  nap(50);
  int st;
  CHECK_ERR(waitpid(c, &st, 0), ECHILD);
  CHECK_ERR(kill(c, 0), ESRCH); /* already gone: no zombie */

  struct sigaction sa = {0};
  sa.sa_handler = on_chld;
  sa.sa_flags = SA_NOCLDWAIT;
  CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
  c = fork();
  if (c == 0) _exit(4);
  while (!chld) nap(1);
  nap(20);
  CHECK_ERR(waitpid(-1, &st, WNOHANG), ECHILD);
  CHECK_EQ(chld, 1);

  signal(SIGCHLD, SIG_DFL);
  c = fork();
  if (c == 0) _exit(5);
  nap(50);
  CHECK_OK(kill(c, 0)); /* a zombie again */
  CHECK_EQ(waitpid(c, &st, 0), c);
  CHECK_EQ(WEXITSTATUS(st), 5);
  DONE();
}
