// rt_sigprocmask_how: SIG_BLOCK adds, SIG_UNBLOCK removes, SIG_SETMASK replaces; SIGKILL and SIGSTOP are never blocked; a bad how is EINVAL, a size other than 8 is EINVAL, a bad pointer is EFAULT.
#include "../common.h"
#include <signal.h>

int main(void) {
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGKILL);
  sigaddset(&set, SIGSTOP);
  CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
  CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &old));
  CHECK_EQ(sigismember(&old, SIGUSR1), 1);
  CHECK_EQ(sigismember(&old, SIGKILL), 0);
  CHECK_EQ(sigismember(&old, SIGSTOP), 0);
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  CHECK_OK(sigprocmask(SIG_SETMASK, &set, NULL));
  CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &old));
  CHECK_EQ(sigismember(&old, SIGUSR1), 0);
  CHECK_EQ(sigismember(&old, SIGUSR2), 1);
  CHECK_OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
  CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &old));
  CHECK_EQ(sigismember(&old, SIGUSR2), 0);
  unsigned long m = 0;
  CHECK_ERR(syscall(SYS_rt_sigprocmask, 7, &m, NULL, 8), EINVAL);
  CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &m, NULL, 4), EINVAL);
  CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad_ptr(), NULL, 8), EFAULT);
  CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, bad_ptr(), 8), EFAULT);
  DONE();
}
