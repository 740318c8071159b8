// rt_sigreturn_restores: a handler runs with the signal blocked and sa_mask added, sees its siginfo (signo, SI_TKILL code, sender pid) and a ucontext; returning restores every register, the mask and the FP state, so the interrupted code goes on; SA_RESETHAND makes the next delivery the default action's.
#include "../common.h"
#include <signal.h>
#include <sys/wait.h>
#include <ucontext.h>

static volatile int hits, masked_inside, code_seen, pid_ok, usr2_blocked;

static void handler(int sig, siginfo_t *si, void *uc) {
  sigset_t cur;
  sigprocmask(SIG_BLOCK, NULL, &cur);
  hits++;
  masked_inside = sigismember(&cur, SIGUSR1);
  usr2_blocked = sigismember(&cur, SIGUSR2);
  code_seen = si->si_code;
  pid_ok = si->si_pid == getpid() && sig == SIGUSR1 && uc != NULL;
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGUSR2);
  CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
  volatile double d = 1.5;
  long before = 12345;
  CHECK_OK(raise(SIGUSR1));
  CHECK_EQ(hits, 1);
  CHECK_EQ(masked_inside, 1);
  CHECK_EQ(usr2_blocked, 1);
  CHECK_EQ(code_seen, SI_TKILL);
  CHECK_EQ(pid_ok, 1);
  CHECK_EQ(before, 12345);
  CHECK(d * 2 == 3.0);
  sigset_t cur;
  CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &cur));
  CHECK_EQ(sigismember(&cur, SIGUSR1), 0);
  CHECK_EQ(sigismember(&cur, SIGUSR2), 0);
  /* SA_RESETHAND: the second SIGUSR1 takes the default action (death). */
  pid_t child = fork();
  if (child == 0) {
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    if (hits != 2) _exit(1);
    raise(SIGUSR1);
    _exit(2);
  }
  int status;
  CHECK_EQ(waitpid(child, &status, 0), child);
  CHECK(WIFSIGNALED(status));
  CHECK_EQ(WTERMSIG(status), SIGUSR1);
  DONE();
}
