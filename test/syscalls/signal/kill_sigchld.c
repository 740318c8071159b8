// kill_sigchld: kill() reaches a child by pid (it dies of SIGTERM, reported by wait); the parent's SIGCHLD handler runs with CLD_KILLED and the child's pid; kill of a pid that does not exist is ESRCH; signal 0 checks existence; a bad signal number is EINVAL.
#include "../common.h"
#include <signal.h>
#include <sys/wait.h>

static volatile int chld_code, chld_pid;
static void on_chld(int sig, siginfo_t *si, void *uc) {
  (void)sig; (void)uc;
  chld_code = si->si_code;
  chld_pid = si->si_pid;
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = on_chld;
  sa.sa_flags = SA_SIGINFO;
  CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
  int p[2];
  CHECK_OK(pipe(p));
  pid_t child = fork();
  if (child == 0) {
    close(p[0]);
    write(p[1], "r", 1);
    for (;;) pause();
  }
  char c;
  CHECK_EQ(read(p[0], &c, 1), 1);
  CHECK_OK(kill(child, 0));
  CHECK_OK(kill(child, SIGTERM));
  int status;
  CHECK_EQ(waitpid(child, &status, 0), child);
  CHECK(WIFSIGNALED(status));
  CHECK_EQ(WTERMSIG(status), SIGTERM);
  for (int i = 0; i < 1000 && chld_pid == 0; i++) sched_yield();
  CHECK_EQ(chld_code, CLD_KILLED);
  CHECK_EQ(chld_pid, child);
  CHECK_ERR(kill(child, 0), ESRCH);
  CHECK_ERR(kill(getpid(), 65), EINVAL);
  DONE();
}
