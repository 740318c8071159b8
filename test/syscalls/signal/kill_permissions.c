// kill_permissions: an unprivileged process may signal (even with signal 0) only processes whose real or saved uid is its real or effective uid: others are EPERM; a process group kill succeeds if any member took the signal; SIGCONT goes to any process of the same session; rt_sigqueueinfo and tgkill follow the same rule. (As root; natively without root the test only checks that it is not root.)
#include "../common.h"
#include <grp.h>
#include <signal.h>
#include <time.h>

static pid_t root_child;

static int unprivileged(void) {
  setgroups(0, NULL);
  if (setgid(65534) || setuid(65534)) return 1;
  int fails = 0;
  if (kill(root_child, 0) != -1 || errno != EPERM) fails |= 2;
  if (kill(root_child, SIGTERM) != -1 || errno != EPERM) fails |= 4;
  if (kill(getppid(), SIGUSR1) != -1 || errno != EPERM) fails |= 8;
  if (kill(root_child, SIGCONT) != 0) fails |= 16; /* same session */
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_code = -1;
  if (syscall(SYS_rt_sigqueueinfo, root_child, SIGUSR1, &si) != -1 || errno != EPERM) fails |= 32;
  if (syscall(SYS_tgkill, root_child, root_child, SIGUSR1) != -1 || errno != EPERM) fails |= 64;
  if (kill(getpid(), 0) != 0) fails |= 128;
  /* A group with this process in it: the kill succeeds, for us. */
  if (kill(0, 0) != 0) fails |= 256;
  return fails;
}

int main(void) {
  if (geteuid() != 0) {
    printf("not root: nothing to check natively or in husk\n");
    DONE();
  }
  signal(SIGUSR1, SIG_IGN);
  fflush(stdout);
  root_child = fork();
  if (root_child == 0) {
    for (;;) pause();
  }
  CHECK_EQ(in_child(unprivileged), 0);
  kill(root_child, SIGKILL);
  int st;
  CHECK_EQ(waitpid(root_child, &st, 0), root_child);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
  DONE();
}
