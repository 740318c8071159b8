// getpgid_errors: getpgid(0) and getpgid(getpid()) agree with getpgrp; a child's group is its parent's; a pid that does not exist is ESRCH.
#include "../common.h"
#include <sys/wait.h>

int main(void) {
  CHECK_EQ(getpgid(0), getpgrp());
  CHECK_EQ(getpgid(getpid()), getpgrp());
  CHECK_ERR(getpgid(0x7ffffff0), ESRCH);
  int p[2];
  CHECK_OK(pipe(p));
  pid_t c = fork();
  if (c == 0) {
    char b;
    read(p[0], &b, 1);
    _exit(0);
  }
  CHECK_EQ(getpgid(c), getpgrp());
  CHECK_EQ(write(p[1], "x", 1), 1);
  CHECK_EQ(waitpid(c, NULL, 0), c);
  CHECK_ERR(getpgid(c), ESRCH);
  DONE();
}
