// getpgrp_leader: getpgrp equals getpgid(0); a forked child starts in its parent's group and, after setpgid(0, 0), leads its own (getpgrp == its pid).
#include "../common.h"
#include <sys/wait.h>

int main(void) {
  CHECK(getpgrp() >= 0); // 0 when the group leader lives outside this pid namespace (containers, CI)
  CHECK_EQ(getpgrp(), getpgid(0));
  pid_t parent_group = getpgrp();
  pid_t c = fork();
  if (c == 0) {
    int ok = getpgrp() == parent_group;
    ok = ok && setpgid(0, 0) == 0 && getpgrp() == getpid();
    _exit(ok ? 0 : 1);
  }
  int status;
  CHECK_EQ(waitpid(c, &status, 0), c);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  DONE();
}
