// rt_sigtimedwait_queue: a blocked signal sent with sigqueue (its value and SI_QUEUE code) is taken by sigtimedwait instead of running a handler; sigtimedwait times out with EAGAIN when nothing comes; a signal from another process (kill) is taken too; rt_sigqueueinfo to another process with a non-negative si_code is EPERM.
#include "../common.h"
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static volatile int handled;
static void h(int sig) { (void)sig; handled++; }

int main(void) {
  signal(SIGUSR1, h);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
  union sigval v = {.sival_int = 4242};
  CHECK_OK(sigqueue(getpid(), SIGUSR1, v));
  siginfo_t si;
  struct timespec ts = {1, 0};
  CHECK_EQ(sigtimedwait(&set, &si, &ts), SIGUSR1);
  CHECK_EQ(si.si_code, SI_QUEUE);
  CHECK_EQ(si.si_value.sival_int, 4242);
  CHECK_EQ(handled, 0);
  struct timespec short_ts = {0, 20 * 1000 * 1000};
  CHECK_ERR(sigtimedwait(&set, &si, &short_ts), EAGAIN);
  fflush(stdout);
  pid_t parent = getpid();
  pid_t c = fork();
  if (c == 0) {
    struct timespec d = {0, 50 * 1000 * 1000};
    nanosleep(&d, NULL);
    kill(parent, SIGUSR1);
    _exit(0);
  }
  CHECK_EQ(sigtimedwait(&set, &si, &ts), SIGUSR1);
  CHECK_EQ(si.si_pid, c);
  CHECK_EQ(waitpid(c, NULL, 0), c);
  siginfo_t fake = {0};
  fake.si_code = 0;
  c = fork();
  if (c == 0) {
    pause();
    _exit(0);
  }
  CHECK_ERR(syscall(SYS_rt_sigqueueinfo, c, SIGUSR1, &fake), EPERM);
  CHECK_OK(kill(c, SIGKILL));
  CHECK_EQ(waitpid(c, NULL, 0), c);
  CHECK_EQ(handled, 0);
  DONE();
}
