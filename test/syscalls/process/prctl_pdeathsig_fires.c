// prctl_pdeathsig_fires: a grandchild that set PR_SET_PDEATHSIG to SIGUSR1 gets it (with its handler run) when its parent exits, and is reparented; PR_GET_PDEATHSIG reads it back; fork clears it in the child; an invalid signal is EINVAL.
#include "../common.h"
#include <signal.h>
#include <sys/prctl.h>

static int pfd[2];
static volatile sig_atomic_t got;
static void on_usr1(int s) { got = s; }

int main(void) {
  int sig = -1;
  CHECK_OK(prctl(PR_SET_PDEATHSIG, SIGUSR2));
  CHECK_OK(prctl(PR_GET_PDEATHSIG, &sig));
  CHECK_EQ(sig, SIGUSR2);
  CHECK_ERR(prctl(PR_SET_PDEATHSIG, 65), EINVAL);
  fflush(stdout);
  pid_t f = fork();
  if (f == 0) {
    int s = -1;
    prctl(PR_GET_PDEATHSIG, &s);
    _exit(s == 0 ? 0 : 1);
  }
  int st;
  waitpid(f, &st, 0);
  CHECK_EQ(WEXITSTATUS(st), 0);
  CHECK_OK(prctl(PR_SET_PDEATHSIG, 0));

  CHECK_OK(pipe(pfd));
  pid_t mid = fork();
  if (mid == 0) {
    pid_t midpid = getpid();
    pid_t gc = fork();
    if (gc == 0) {
      signal(SIGUSR1, on_usr1);
      prctl(PR_SET_PDEATHSIG, SIGUSR1);
      /* the signal stays blocked except inside sigsuspend: no lost wakeup */
      write(pfd[1], "r", 1); /* ready */
      sigset_t none;
      sigemptyset(&none);
      sigset_t blk = none;
      sigaddset(&blk, SIGUSR1);
      sigprocmask(SIG_BLOCK, &blk, NULL);
      while (!got) sigsuspend(&none);
      char b = got == SIGUSR1 && getppid() != midpid ? 'y' : 'n';
      write(pfd[1], &b, 1);
      _exit(0);
    }
    char r;
    read(pfd[0], &r, 1);
    _exit(0); /* the grandchild's parent dies */
  }
  CHECK_EQ(waitpid(mid, &st, 0), mid);
  char r = 0; /* the middle process took the 'r' */
  CHECK_EQ(read(pfd[0], &r, 1), 1);
  CHECK_EQ(r, 'y');
  DONE();
}
