// setpgid_groups: a parent can put a child in a new group and a second child in that group; getpgid reports it; kill(-pgid) reaches every member; waitpid(-pgid) reaps them; ESRCH for a process that is not the caller or its child, EINVAL for a negative group, EPERM for a group that does not exist.
#include "../common.h"
#include <signal.h>
#include <sys/wait.h>

static pid_t sleeper(int fd) {
  pid_t c = fork();
  if (c == 0) {
    char b;
    read(fd, &b, 1);
    _exit(0);
  }
  return c;
}

int main(void) {
  int p[2];
  CHECK_OK(pipe(p));
  pid_t a = sleeper(p[0]);
  pid_t b = sleeper(p[0]);
  CHECK(a > 0 && b > 0);
  CHECK_OK(setpgid(a, a));
  CHECK_EQ(getpgid(a), a);
  CHECK_OK(setpgid(b, a));
  CHECK_EQ(getpgid(b), a);
  CHECK_EQ(getsid(a), getsid(0));
  CHECK_ERR(setpgid(b, 0x7ffffff0), EPERM);
  CHECK_ERR(setpgid(0x7ffffff0, 0), ESRCH);
  CHECK_ERR(setpgid(0, -1), EINVAL);
  CHECK_ERR(getpgid(0x7ffffff0), ESRCH);
  CHECK_OK(kill(-a, SIGTERM));
  int status, n = 0;
  pid_t w;
  while ((w = waitpid(-a, &status, 0)) > 0) {
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    n++;
  }
  CHECK_EQ(n, 2);
  CHECK_ERR(kill(-a, 0), ESRCH);
  DONE();
}
