// kill_sigchld_times: the SIGCHLD siginfo of a child that exited carries its CPU time in si_utime + si_stime (clock ticks: at least the 5 ticks of work it did), with si_code CLD_EXITED, si_pid and si_status.
#include "../common.h"
#include <signal.h>

static siginfo_t got;
static volatile sig_atomic_t have;
static void on_chld(int s, siginfo_t *si, void *uc) {
  (void)s;
  (void)uc;
  got = *si;
  have = 1;
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = on_chld;
  sa.sa_flags = SA_SIGINFO;
  CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
  sigset_t blk, old;
  sigemptyset(&blk);
  sigaddset(&blk, SIGCHLD);
  sigprocmask(SIG_BLOCK, &blk, &old);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    volatile unsigned long x = 0;
    for (long i = 0; i < 400000000L; i++) x += i;
    _exit(9);
  }
  while (!have) sigsuspend(&old);
  CHECK_EQ(got.si_code, CLD_EXITED);
  CHECK_EQ(got.si_pid, c);
  CHECK_EQ(got.si_status, 9);
  long ticks = got.si_utime + got.si_stime;
  CHECK(ticks >= 5);
  CHECK(ticks < 100 * 60);
  int st;
  CHECK_EQ(waitpid(c, &st, 0), c);
  DONE();
}
