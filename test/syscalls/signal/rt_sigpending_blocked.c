// rt_sigpending_blocked: a blocked signal stays pending (and its handler does not run) until it is unblocked; then it is delivered once; sigpending reports it; an ignored signal is dropped, not left pending; rt_sigpending with a size over 8 is EINVAL and with a bad pointer EFAULT.
#include "../common.h"
#include <signal.h>

static volatile int hits;
static void handler(int sig) { (void)sig; hits++; }

int main(void) {
  signal(SIGUSR1, handler);
  sigset_t set, pend;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
  CHECK_OK(raise(SIGUSR1));
  CHECK_OK(raise(SIGUSR1));
  CHECK_EQ(hits, 0);
  CHECK_OK(sigpending(&pend));
  CHECK_EQ(sigismember(&pend, SIGUSR1), 1);
  CHECK_OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
  CHECK_EQ(hits, 1);
  CHECK_OK(sigpending(&pend));
  CHECK_EQ(sigismember(&pend, SIGUSR1), 0);
  signal(SIGUSR2, SIG_IGN);
  CHECK_OK(raise(SIGUSR2));
  CHECK_OK(sigpending(&pend));
  CHECK_EQ(sigismember(&pend, SIGUSR2), 0);
  CHECK_ERR(syscall(SYS_rt_sigpending, &pend, 16), EINVAL);
  CHECK_ERR(syscall(SYS_rt_sigpending, bad_ptr(), 8), EFAULT);
  DONE();
}
