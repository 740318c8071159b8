// rt_sigsuspend_mask: rt_sigsuspend waits with a temporary mask, runs the handler for a signal that mask unblocks, returns EINTR and puts the old mask back.
#include "../common.h"
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static volatile int got;
static void on_usr1(int sig) { (void)sig; got++; }

static pid_t poke_later(pid_t target) {
  pid_t child = fork();
  if (child == 0) {
    struct timespec d = {0, 100 * 1000 * 1000};
    nanosleep(&d, NULL);
    kill(target, SIGUSR1);
    _exit(0);
  }
  return child;
}

int main(void) {
  signal(SIGUSR1, on_usr1);
  pid_t c;
  sigset_t block, wait_mask, now;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  CHECK_OK(sigprocmask(SIG_BLOCK, &block, NULL));
  c = poke_later(getpid());
  sigemptyset(&wait_mask);
  CHECK_ERR(sigsuspend(&wait_mask), EINTR);
  CHECK_EQ(got, 1);
  CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &now));
  CHECK_EQ(sigismember(&now, SIGUSR1), 1);
  CHECK_EQ(waitpid(c, NULL, 0), c);
  DONE();
}
