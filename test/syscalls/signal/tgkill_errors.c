// tgkill_errors: tgkill(getpid(), gettid()) runs the handler; a tid that is not in the given thread group is ESRCH; tgid or tid 0 is EINVAL; a bad signal number is EINVAL.
#include "../common.h"
#include <signal.h>
#include <sys/wait.h>

static volatile int hits;
static void h(int sig) { (void)sig; hits++; }

int main(void) {
  signal(SIGUSR2, h);
  CHECK_OK(syscall(SYS_tgkill, getpid(), gettid(), SIGUSR2));
  CHECK_EQ(hits, 1);
  CHECK_ERR(syscall(SYS_tgkill, 0, gettid(), SIGUSR2), EINVAL);
  CHECK_ERR(syscall(SYS_tgkill, getpid(), 0, SIGUSR2), EINVAL);
  CHECK_ERR(syscall(SYS_tgkill, getpid(), gettid(), 65), EINVAL);
  int p[2];
  CHECK_OK(pipe(p));
  pid_t c = fork();
  if (c == 0) {
    char b;
    read(p[0], &b, 1);
    _exit(0);
  }
  CHECK_ERR(syscall(SYS_tgkill, c, gettid(), SIGUSR2), ESRCH);
  CHECK_ERR(syscall(SYS_tgkill, getpid(), c, SIGUSR2), ESRCH);
  CHECK_EQ(write(p[1], "x", 1), 1);
  CHECK_EQ(waitpid(c, NULL, 0), c);
  DONE();
}
