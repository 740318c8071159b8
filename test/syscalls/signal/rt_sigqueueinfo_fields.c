// rt_sigqueueinfo_fields: sigqueue's value, si_code SI_QUEUE, si_pid and si_uid reach an SA_SIGINFO handler; kill gives SI_USER with the sender's pid; tgkill SI_TKILL; rt_sigqueueinfo to another process with a forged si_code >= 0 is EPERM, to oneself it is allowed, as is a negative code.
#include "../common.h"
#include <signal.h>

static siginfo_t last;
static void handler(int s, siginfo_t *si, void *uc) {
  (void)s;
  (void)uc;
  last = *si;
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  CHECK_OK(sigaction(SIGRTMIN + 1, &sa, NULL));
  CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
  union sigval v = {.sival_int = 12345};
  CHECK_OK(sigqueue(getpid(), SIGRTMIN + 1, v));
  CHECK_EQ(last.si_signo, SIGRTMIN + 1);
  CHECK_EQ(last.si_code, SI_QUEUE);
  CHECK_EQ(last.si_value.sival_int, 12345);
  CHECK_EQ(last.si_pid, getpid());
  CHECK_EQ(last.si_uid, getuid());
  CHECK_OK(kill(getpid(), SIGUSR1));
  CHECK_EQ(last.si_code, SI_USER);
  CHECK_EQ(last.si_pid, getpid());
  CHECK_OK(syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1));
  CHECK_EQ(last.si_code, SI_TKILL);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_signo = SIGUSR1;
  si.si_code = SI_USER;
  si.si_pid = 4242;
  CHECK_OK(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si));
  CHECK_EQ(last.si_code, SI_USER);
  CHECK_EQ(last.si_pid, 4242);
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    /* to another process: a forged positive code is refused too */
    _exit(syscall(SYS_rt_sigqueueinfo, getppid(), SIGUSR1, &si) == -1 && errno == EPERM ? 0 : 1);
  }
  int st;
  waitpid(p, &st, 0);
  CHECK_EQ(WEXITSTATUS(st), 0);
  si.si_code = -60;
  si.si_value.sival_int = 77;
  CHECK_OK(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si));
  CHECK_EQ(last.si_code, -60);
  CHECK_EQ(last.si_value.sival_int, 77);
  CHECK_ERR(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, bad_ptr()), EFAULT);
  DONE();
}
