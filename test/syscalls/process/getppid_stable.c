// getppid_stable: getppid is stable across calls, libc and raw calls agree, and a forked child's getppid is its parent's pid (the first process of a pid namespace has parent 0, so the child is what is compared).
#include "../common.h"
#include <sys/wait.h>

int main(void) {
  long ppid = syscall(SYS_getppid);
  CHECK(ppid != getpid());
  CHECK_EQ(syscall(SYS_getppid), ppid);
  CHECK_EQ(getppid(), ppid);
  pid_t me = getpid();
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) _exit(getppid() == me ? 0 : 1);
  int status;
  CHECK_EQ(waitpid(c, &status, 0), c);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  DONE();
}
