// execve_script: execve of a "#!" script (/usr/bin/which, a /bin/sh script on Debian) runs its interpreter with the script path and the arguments; the child's output and exit status come back; execve of a missing file is ENOENT and of a directory EACCES.
#include "../common.h"
#include <sys/wait.h>

int main(void) {
  char *argv[] = {"which", "sh", NULL};
  char *envp[] = {"PATH=/usr/bin:/bin", NULL};
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    execve("/usr/bin/which", argv, envp);
    _exit(99);
  }
  int status;
  CHECK_EQ(waitpid(child, &status, 0), child);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 0);
  CHECK_ERR(execve("/nonexistent/prog", argv, envp), ENOENT);
  CHECK_ERR(execve("/usr", argv, envp), EACCES);
  DONE();
}
