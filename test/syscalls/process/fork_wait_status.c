// fork_wait_status: the child returns 0 and sees its parent as getppid, the parent gets the child's pid; memory is copied, not shared; wait4 reports the child's exit status; ECHILD once it is reaped.
#include "../common.h"
#include <sys/wait.h>

static int shared_value = 1;

int main(void) {
  pid_t parent = getpid();
  pid_t child = fork();
  if (child == 0) {
    shared_value = 2; /* the parent must not see this */
    _exit(getppid() == parent ? 5 : 6);
  }
  CHECK(child > 0);
  int status = 0;
  CHECK_EQ(waitpid(child, &status, 0), child);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 5);
  CHECK_EQ(shared_value, 1);
  CHECK_ERR(waitpid(-1, &status, 0), ECHILD);
  CHECK_ERR(waitpid(child, &status, WNOHANG), ECHILD);
  DONE();
}
