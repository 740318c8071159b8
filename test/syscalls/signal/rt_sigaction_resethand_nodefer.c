// rt_sigaction_resethand_nodefer: SA_RESETHAND restores the default action once the handler is entered (a second signal then kills); SA_NODEFER lets the signal interrupt its own handler (nested once), while without it the signal waits until the handler returns; sa_mask signals stay blocked during the handler.
#include "../common.h"
#include <signal.h>

static volatile int depth, maxdepth, calls;
static volatile int usr2_blocked_inside;

static void nest(int s) {
  calls++;
  depth++;
  if (depth > maxdepth) maxdepth = depth;
  if (calls == 1) raise(s);
  sigset_t cur;
  sigprocmask(SIG_BLOCK, NULL, &cur);
  usr2_blocked_inside = sigismember(&cur, SIGUSR2);
  depth--;
}

static int reset_child(void) {
  struct sigaction sa = {0};
  sa.sa_handler = nest;
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGUSR1, &sa, NULL);
  raise(SIGUSR1);
  struct sigaction now;
  sigaction(SIGUSR1, NULL, &now);
  if (now.sa_handler != SIG_DFL) return 5;
  raise(SIGUSR1); /* default: terminate */
  return 6;
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_handler = nest;
  sa.sa_flags = SA_NODEFER;
  CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
  raise(SIGUSR1);
  CHECK_EQ(calls, 2);
  CHECK_EQ(maxdepth, 2);

  calls = maxdepth = 0;
  sa.sa_flags = 0;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGUSR2);
  CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
  raise(SIGUSR1);
  CHECK_EQ(calls, 2);
  CHECK_EQ(maxdepth, 1);
  CHECK_EQ(usr2_blocked_inside, 1);
  sigset_t cur;
  sigprocmask(SIG_BLOCK, NULL, &cur);
  CHECK(!sigismember(&cur, SIGUSR2));

  fflush(stdout);
  pid_t p = fork();
  if (p == 0) _exit(reset_child());
  int st;
  waitpid(p, &st, 0);
  CHECK(WIFSIGNALED(st));
  CHECK_EQ(WTERMSIG(st), SIGUSR1);
  DONE();
}
