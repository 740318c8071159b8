// restart_syscall_nanosleep: a nanosleep (or relative clock_nanosleep, or FUTEX_WAIT with a timeout) stopped by SIGSTOP and resumed by SIGCONT goes on through restart_syscall for only the time it had left, not its whole length again; restart_syscall called with nothing to restart is EINTR.
#include "../common.h"
#include <linux/futex.h>
#include <signal.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static int which;

static int sleeper(void) {
  double t0 = now();
  struct timespec d = {1, 200000000};
  int futex_word = 0;
  long r;
  switch (which) {
  case 0:
    r = nanosleep(&d, NULL);
    break;
  case 1:
    r = clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL);
    break;
  default:
    r = syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0, &d, NULL, 0) == -1 && errno == ETIMEDOUT ? 0 : 1;
    break;
  }
  double el = now() - t0;
  if (r != 0) return 1;
  /* 1.2 s in all, the 600 ms stopped included: not 1.2 s after SIGCONT. */
  return el >= 1.19 && el < 1.7 ? 0 : 2; /* whole again: 2 s at least */
}

static void run(int w, const char *name) {
  which = w;
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) _exit(sleeper());
  struct timespec d = {0, 200000000};
  nanosleep(&d, NULL);
  kill(c, SIGSTOP);
  d.tv_nsec = 600000000;
  nanosleep(&d, NULL);
  kill(c, SIGCONT);
  int st;
  waitpid(c, &st, 0);
  printf("%s: ", name);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(void) {
  run(0, "nanosleep");
  run(1, "clock_nanosleep");
  run(2, "futex wait");
  CHECK_ERR(syscall(SYS_restart_syscall), EINTR);
  DONE();
}
