// tkill_self: tkill to the calling thread runs the handler with si_code SI_TKILL; tid 0 or negative is EINVAL; a tid that does not exist is ESRCH; a bad signal number to a live thread is EINVAL; signal 0 checks only.
#include "../common.h"
#include <signal.h>

static volatile int code = 1, hits;
static void h(int sig, siginfo_t *si, void *uc) { (void)sig; (void)uc; code = si->si_code; hits++; }

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = h;
  sa.sa_flags = SA_SIGINFO;
  CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
  CHECK_OK(syscall(SYS_tkill, gettid(), SIGUSR1));
  CHECK_EQ(hits, 1);
  CHECK_EQ(code, SI_TKILL);
  CHECK_OK(syscall(SYS_tkill, gettid(), 0));
  CHECK_EQ(hits, 1);
  CHECK_ERR(syscall(SYS_tkill, 0, SIGUSR1), EINVAL);
  CHECK_ERR(syscall(SYS_tkill, -5, SIGUSR1), EINVAL);
  CHECK_ERR(syscall(SYS_tkill, 0x7ffffff0, SIGUSR1), ESRCH);
  CHECK_ERR(syscall(SYS_tkill, gettid(), 65), EINVAL);
  DONE();
}
