// setregid_swap: setregid sets real and effective gids; -1 keeps one; both read back.
#include "../common.h"
#include <grp.h>
#include <sys/wait.h>

static int child(void) {
  if (syscall(SYS_setregid, 1000, 2000) != 0) return 1;
  if (getgid() != 1000 || getegid() != 2000) return 2;
  if (syscall(SYS_setregid, -1, 1000) != 0) return 3;
  if (getgid() != 1000 || getegid() != 1000) return 4;
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
