// rt_sigqueue_rt: real-time signals queue: three blocked SIGRTMIN+1 sent with values 1, 2, 3 are each delivered, in order, once unblocked; a standard signal sent three times while blocked is delivered once.
#include "../common.h"
#include <signal.h>

static volatile int vals[8], n, usr1;
static void rt(int sig, siginfo_t *si, void *uc) { (void)sig; (void)uc; if (n < 8) vals[n++] = si->si_value.sival_int; }
static void std(int sig) { (void)sig; usr1++; }

int main(void) {
  int sig = SIGRTMIN + 1;
  struct sigaction sa = {0};
  sa.sa_sigaction = rt;
  sa.sa_flags = SA_SIGINFO;
  CHECK_OK(sigaction(sig, &sa, NULL));
  signal(SIGUSR1, std);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigaddset(&set, SIGUSR1);
  CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
  for (int i = 1; i <= 3; i++) {
    union sigval v = {.sival_int = i};
    CHECK_OK(sigqueue(getpid(), sig, v));
    CHECK_OK(raise(SIGUSR1));
  }
  CHECK_OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
  CHECK_EQ(n, 3);
  CHECK(vals[0] == 1 && vals[1] == 2 && vals[2] == 3);
  CHECK_EQ(usr1, 1);
  DONE();
}
