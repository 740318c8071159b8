// waitid_exited: waitid(P_PID, WEXITED) fills siginfo (SIGCHLD, CLD_EXITED, the pid and status); WNOWAIT leaves the child to be reaped again; WNOHANG with a running child returns 0 with si_pid 0; a child killed by a signal is CLD_KILLED; options without WEXITED|WSTOPPED|WCONTINUED are EINVAL; no children is ECHILD.
#include "../common.h"
#include <signal.h>
#include <sys/wait.h>

int main(void) {
  siginfo_t si;
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) _exit(6);
  memset(&si, 0xff, sizeof si);
  CHECK_OK(waitid(P_PID, c, &si, WEXITED | WNOWAIT));
  CHECK_EQ(si.si_signo, SIGCHLD);
  CHECK_EQ(si.si_code, CLD_EXITED);
  CHECK_EQ(si.si_pid, c);
  CHECK_EQ(si.si_status, 6);
  CHECK_OK(waitid(P_PID, c, &si, WEXITED));
  CHECK_EQ(si.si_status, 6);
  int p[2];
  CHECK_OK(pipe(p));
  c = fork();
  if (c == 0) {
    char b;
    read(p[0], &b, 1);
    _exit(0);
  }
  memset(&si, 0xff, sizeof si);
  CHECK_OK(waitid(P_ALL, 0, &si, WEXITED | WNOHANG));
  CHECK_EQ(si.si_pid, 0);
  CHECK_OK(kill(c, SIGKILL));
  CHECK_OK(waitid(P_ALL, 0, &si, WEXITED));
  CHECK_EQ(si.si_code, CLD_KILLED);
  CHECK_EQ(si.si_status, SIGKILL);
  CHECK_ERR(waitid(P_ALL, 0, &si, WNOHANG), EINVAL);
  CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED), ECHILD);
  DONE();
}
