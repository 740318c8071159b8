// waitid_stopped: waitid with WSTOPPED reports a child stopped by SIGSTOP (CLD_STOPPED, si_status SIGSTOP), WCONTINUED its continuing (CLD_CONTINUED), and WEXITED its death by SIGKILL (CLD_KILLED).
#include "../common.h"
#include <signal.h>
#include <sys/wait.h>

int main(void) {
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    for (;;) pause();
  }
  siginfo_t si;
  CHECK_OK(kill(c, SIGSTOP));
  CHECK_OK(waitid(P_PID, c, &si, WSTOPPED));
  CHECK_EQ(si.si_code, CLD_STOPPED);
  CHECK_EQ(si.si_status, SIGSTOP);
  CHECK_EQ(si.si_pid, c);
  CHECK_OK(kill(c, SIGCONT));
  CHECK_OK(waitid(P_PID, c, &si, WCONTINUED));
  CHECK_EQ(si.si_code, CLD_CONTINUED);
  CHECK_OK(kill(c, SIGKILL));
  CHECK_OK(waitid(P_PID, c, &si, WEXITED));
  CHECK_EQ(si.si_code, CLD_KILLED);
  CHECK_EQ(si.si_status, SIGKILL);
  DONE();
}
