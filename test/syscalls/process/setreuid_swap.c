// setreuid_swap: setreuid sets real and effective uids (-1 keeps one); an unprivileged process may swap them but not take a foreign uid (EPERM).
#include "../common.h"
#include <grp.h>
#include <sys/wait.h>

static int child(void) {
  if (syscall(SYS_setreuid, 1000, 2000) != 0) return 1;
  if (getuid() != 1000 || geteuid() != 2000) return 2;
  if (syscall(SYS_setreuid, 2000, 1000) != 0) return 3;
  if (getuid() != 2000 || geteuid() != 1000) return 4;
  if (syscall(SYS_setreuid, -1, 3000) != -1 || errno != EPERM) return 5;
  return 0;
}

int main(void) {
  if (geteuid() != 0) {
    printf("not root\n");
    DONE();
  }
  CHECK_EQ(in_child(child), 0);
  DONE();
}
