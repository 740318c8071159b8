// timerfd_settime_eintr: a blocking read of a timerfd that is not due is interrupted by a signal with a handler (EINTR without SA_RESTART); select sees the timer readable once it expires; a timerfd is shared with a forked child (the child reads the expirations, the parent then finds none).
#include "../common.h"
#include <signal.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/timerfd.h>

static void on_alarm(int sig) { (void)sig; }

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  CHECK_OK(sigaction(SIGALRM, &sa, NULL));
  int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  CHECK(fd >= 0);
  struct itimerspec far = {{0, 0}, {60, 0}};
  CHECK_OK(timerfd_settime(fd, 0, &far, NULL));
  struct itimerval it = {{0, 0}, {0, 50000}};
  CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
  uint64_t n;
  CHECK_ERR(read(fd, &n, 8), EINTR);

  struct itimerspec soon = {{0, 0}, {0, 20000000}};
  CHECK_OK(timerfd_settime(fd, 0, &soon, NULL));
  fd_set r;
  FD_ZERO(&r);
  FD_SET(fd, &r);
  struct timeval tv = {5, 0};
  CHECK_EQ(select(fd + 1, &r, NULL, NULL, &tv), 1);
  CHECK(FD_ISSET(fd, &r));

  pid_t pid = fork();
  if (pid == 0) {
    uint64_t m = 0;
    _exit(read(fd, &m, 8) == 8 && m == 1 ? 0 : 1);
  }
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  FD_ZERO(&r);
  FD_SET(fd, &r);
  struct timeval zero = {0, 0};
  CHECK_EQ(select(fd + 1, &r, NULL, NULL, &zero), 0);
  DONE();
}
