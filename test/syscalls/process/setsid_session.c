// setsid_session: a child that calls setsid leads a new session and process group (both its pid), and a second setsid then fails with EPERM; getsid of the child from the parent agrees; getpgrp equals getpgid(0).
#include "../common.h"
#include <sys/wait.h>

int main(void) {
  CHECK_EQ(getpgrp(), getpgid(0));
  int p[2], q[2];
  CHECK_OK(pipe(p));
  CHECK_OK(pipe(q));
  pid_t c = fork();
  if (c == 0) {
    pid_t me = getpid();
    int ok = setsid() == me && getsid(0) == me && getpgrp() == me && setsid() == -1 && errno == EPERM;
    write(q[1], "s", 1);
    char b;
    read(p[0], &b, 1);
    _exit(ok ? 0 : 1);
  }
  char s;
  CHECK_EQ(read(q[0], &s, 1), 1);
  CHECK_EQ(getsid(c), c);
  CHECK_EQ(getpgid(c), c);
  CHECK_EQ(write(p[1], "g", 1), 1);
  int status;
  CHECK_EQ(waitpid(c, &status, 0), c);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 0);
  DONE();
}
