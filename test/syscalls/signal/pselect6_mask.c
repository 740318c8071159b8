// pselect6_mask: with SIGUSR1 blocked, pselect with an empty mask is interrupted by a SIGUSR1 from another process (EINTR) and the handler runs during the call; afterwards SIGUSR1 is blocked again.
#include "../common.h"
#include <signal.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>

static volatile int got;
static void h(int sig) { (void)sig; got++; }

int main(void) {
  signal(SIGUSR1, h);
  sigset_t block, empty, now;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigemptyset(&empty);
  CHECK_OK(sigprocmask(SIG_BLOCK, &block, NULL));
  pid_t parent = getpid();
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    struct timespec d = {0, 50 * 1000 * 1000};
    nanosleep(&d, NULL);
    kill(parent, SIGUSR1);
    _exit(0);
  }
  struct timespec ts = {5, 0};
  CHECK_ERR(pselect(0, NULL, NULL, NULL, &ts, &empty), EINTR);
  CHECK_EQ(got, 1);
  CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &now));
  CHECK_EQ(sigismember(&now, SIGUSR1), 1);
  CHECK_EQ(waitpid(c, NULL, 0), c);
  DONE();
}
