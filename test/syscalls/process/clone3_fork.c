// clone3_fork: clone3 with exit_signal SIGCHLD makes a child that returns 0 and whose exit status wait reports; signal bits in flags, a size below CLONE_ARGS_SIZE_VER0 and a stack without a size are EINVAL.
#include "../common.h"
#include <linux/sched.h>
#include <signal.h>
#include <sys/wait.h>

int main(void) {
  struct clone_args args = {0};
  args.exit_signal = SIGCHLD;
  fflush(stdout);
  long pid = syscall(SYS_clone3, &args, sizeof args);
  if (pid == 0) _exit(9);
  CHECK(pid > 0);
  int status;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 9);
  args.flags = SIGCHLD;
  args.exit_signal = 0;
  CHECK_ERR(syscall(SYS_clone3, &args, sizeof args), EINVAL);
  args.flags = 0;
  CHECK_ERR(syscall(SYS_clone3, &args, 32), EINVAL);
  args.stack = (unsigned long)&args;
  CHECK_ERR(syscall(SYS_clone3, &args, sizeof args), EINVAL);
  DONE();
}
