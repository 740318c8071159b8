// getsid_errors: getsid(0) equals getsid(getpid()); a child is in its parent's session; a pid that does not exist is ESRCH.
#include "../common.h"
#include <sys/wait.h>

int main(void) {
  CHECK(getsid(0) >= 0); // 0 when the session leader lives outside this pid namespace (containers, CI)
  CHECK_EQ(getsid(0), getsid(getpid()));
  CHECK_ERR(getsid(0x7ffffff0), ESRCH);
  int p[2];
  CHECK_OK(pipe(p));
  pid_t c = fork();
  if (c == 0) {
    char b;
    read(p[0], &b, 1);
    _exit(0);
  }
  CHECK_EQ(getsid(c), getsid(0));
  CHECK_EQ(write(p[1], "x", 1), 1);
  CHECK_EQ(waitpid(c, NULL, 0), c);
  DONE();
}
