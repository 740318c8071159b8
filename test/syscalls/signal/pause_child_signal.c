// pause_child_signal: pause() returns -1 EINTR after a handled signal sent by another process, and the handler ran once.
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
  pid_t c = poke_later(getpid());
  CHECK_ERR(pause(), EINTR);
  CHECK_EQ(got, 1);
  CHECK_EQ(waitpid(c, NULL, 0), c);
  DONE();
}
