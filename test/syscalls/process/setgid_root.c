// setgid_root: as root, setgid sets all three gids; after dropping the uid, setgid to another gid is EPERM.
#include "../common.h"
#include <grp.h>
#include <sys/wait.h>

static int child(void) {
  if (syscall(SYS_setgid, 2345) != 0) return 1;
  gid_t r, e, s;
  getresgid(&r, &e, &s);
  if (r != 2345 || e != 2345 || s != 2345) return 2;
  if (syscall(SYS_setuid, 1234) != 0) return 3;
  if (syscall(SYS_setgid, 1) != -1 || errno != EPERM) return 4;
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
