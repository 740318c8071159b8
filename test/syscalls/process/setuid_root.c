// setuid_root: as root, setuid sets all three uids; afterwards setuid back to 0 is EPERM and setuid to the same uid succeeds.
#include "../common.h"
#include <grp.h>
#include <sys/wait.h>

static int child(void) {
  if (syscall(SYS_setuid, 1234) != 0) return 1;
  uid_t r, e, s;
  getresuid(&r, &e, &s);
  if (r != 1234 || e != 1234 || s != 1234) return 2;
  if (syscall(SYS_setuid, 0) != -1 || errno != EPERM) return 3;
  if (syscall(SYS_setuid, 1234) != 0) return 4;
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
