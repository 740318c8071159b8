// rt_sigprocmask_unblockable: SIGKILL and SIGSTOP are silently left out of any blocked set; a blocked signal stays pending until unblocked, then is delivered at once (before sigprocmask returns); a sigsetsize other than 8 is EINVAL; an unknown how is EINVAL; bad pointers are EFAULT.
#include "../common.h"
#include <signal.h>

static volatile sig_atomic_t got;
static void on_usr1(int s) {
  (void)s;
  got++;
}

int main(void) {
  sigset_t all, cur;
  sigfillset(&all);
  CHECK_OK(sigprocmask(SIG_BLOCK, &all, NULL));
  CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &cur));
  CHECK(!sigismember(&cur, SIGKILL));
  CHECK(!sigismember(&cur, SIGSTOP));
  CHECK(sigismember(&cur, SIGUSR1));
  CHECK(sigismember(&cur, SIGRTMIN + 3));
  signal(SIGUSR1, on_usr1);
  raise(SIGUSR1);
  CHECK_EQ(got, 0);
  sigset_t pend;
  CHECK_OK(sigpending(&pend));
  CHECK(sigismember(&pend, SIGUSR1));
  sigset_t u;
  sigemptyset(&u);
  sigaddset(&u, SIGUSR1);
  CHECK_OK(sigprocmask(SIG_UNBLOCK, &u, NULL));
  CHECK_EQ(got, 1);
  CHECK_OK(sigpending(&pend));
  CHECK(!sigismember(&pend, SIGUSR1));
  uint64_t raw = ~0ULL;
  CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &raw, NULL, 4), EINVAL);
  CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &raw, NULL, 16), EINVAL);
  CHECK_ERR(syscall(SYS_rt_sigprocmask, 7, &raw, NULL, 8), EINVAL);
  CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad_ptr(), NULL, 8), EFAULT);
  CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, bad_ptr(), 8), EFAULT);
  CHECK_OK(syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &raw, 8));
  CHECK_EQ(raw & (1ULL << (SIGKILL - 1)), 0);
  CHECK_OK(sigprocmask(SIG_SETMASK, &all, NULL));
  CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &cur));
  CHECK(!sigismember(&cur, SIGSTOP));
  DONE();
}
