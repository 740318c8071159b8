// rt_sigaction_errors: SIGKILL and SIGSTOP cannot get a handler (EINVAL), signal numbers 0 and 65 are EINVAL, a bad sigsetsize is EINVAL, a bad pointer is EFAULT, and the old action reads back what was set (handler, flags, mask).
#include "../common.h"
#include <signal.h>

static void h(int sig) { (void)sig; }

int main(void) {
  struct sigaction sa = {0}, old;
  sa.sa_handler = h;
  CHECK_ERR(sigaction(SIGKILL, &sa, NULL), EINVAL);
  CHECK_ERR(sigaction(SIGSTOP, &sa, NULL), EINVAL);
  CHECK_ERR(sigaction(0, &sa, NULL), EINVAL);
  CHECK_ERR(sigaction(65, &sa, NULL), EINVAL);
  CHECK_OK(sigaction(SIGKILL, NULL, &old));
  CHECK(old.sa_handler == SIG_DFL);
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGUSR2);
  CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
  CHECK_OK(sigaction(SIGUSR1, NULL, &old));
  CHECK(old.sa_handler == h);
  CHECK(old.sa_flags & SA_RESTART);
  CHECK_EQ(sigismember(&old.sa_mask, SIGUSR2), 1);
  CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 4), EINVAL);
  CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, bad_ptr(), NULL, 8), EFAULT);
  DONE();
}
