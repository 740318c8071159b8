// vfork_exec: vfork's child runs first and the parent resumes after the child's execve; the child's exit status comes back through wait; a vfork child that _exits releases the parent too.
#include "../common.h"
#include <sys/wait.h>

int main(void) {
  fflush(stdout);
  pid_t c = vfork();
  if (c == 0) {
    char *argv[] = {"true", NULL};
    execv("/bin/true", argv);
    _exit(99);
  }
  CHECK(c > 0);
  int status;
  CHECK_EQ(waitpid(c, &status, 0), c);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 0);
  c = vfork();
  if (c == 0) _exit(4);
  CHECK_EQ(waitpid(c, &status, 0), c);
  CHECK_EQ(WEXITSTATUS(status), 4);
  DONE();
}
