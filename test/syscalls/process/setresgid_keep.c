// setresgid_keep: setresgid sets real, effective and saved gids, -1 keeping one; the ids read back.
#include "../common.h"
#include <grp.h>
#include <sys/wait.h>

static int child(void) {
  if (syscall(SYS_setresgid, 100, 200, 300) != 0) return 1;
  gid_t r, e, s;
  getresgid(&r, &e, &s);
  if (r != 100 || e != 200 || s != 300) return 2;
  if (syscall(SYS_setresgid, -1, 300, -1) != 0) return 3;
  getresgid(&r, &e, &s);
  if (r != 100 || e != 300 || s != 300) return 4;
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
