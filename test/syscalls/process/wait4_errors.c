// wait4_errors: ECHILD with no children, EINVAL for unknown options, WNOHANG returns 0 while the child runs, the child's death by signal is reported with WIFSIGNALED.
#include "../common.h"
#include <signal.h>
#include <sys/wait.h>

int main(void) {
  int status;
  CHECK_ERR(wait4(-1, &status, 0, NULL), ECHILD);
  CHECK_ERR(wait4(-1, &status, 0x100, NULL), EINVAL);
  int p[2];
  CHECK_OK(pipe(p));
  pid_t child = fork();
  if (child == 0) {
    char c;
    read(p[0], &c, 1); /* wait for the parent's go */
    raise(SIGTERM);
    _exit(1);
  }
  CHECK(child > 0);
  CHECK_EQ(wait4(child, &status, WNOHANG, NULL), 0);
  CHECK_EQ(write(p[1], "g", 1), 1);
  CHECK_EQ(wait4(child, &status, 0, NULL), child);
  CHECK(WIFSIGNALED(status));
  CHECK_EQ(WTERMSIG(status), SIGTERM);
  DONE();
}
