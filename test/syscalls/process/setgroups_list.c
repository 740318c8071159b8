// setgroups_list: setgroups replaces the supplementary groups (getgroups reads them back, 0 clears them); without CAP_SETGID it is EPERM.
#include "../common.h"
#include <grp.h>
#include <sys/wait.h>

static int child(void) {
  gid_t g[3] = {10, 20, 30}, out[8];
  if (setgroups(3, g) != 0) return 1;
  if (getgroups(8, out) != 3 || out[0] != 10 || out[2] != 30) return 2;
  if (setgroups(0, NULL) != 0 || getgroups(0, NULL) != 0) return 3;
  if (syscall(SYS_setresuid, 1000, 1000, 1000) != 0) return 4;
  if (setgroups(1, g) != -1 || errno != EPERM) return 5;
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
