// unlink_sticky_tmpfs: on tmpfs, in a sticky directory (mode 1777) a user may unlink or rename only the files it owns (or, owning the directory, any); others' files are EPERM, and root (CAP_FOWNER) removes anything; without the sticky bit write permission is enough.
// husk-tmpfs: /dev/shm
#include "../common.h"
#include "sticky.h"

int main(void) {
  char dir[] = "/dev/shm/husk-sticky-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CHECK_OK(chmod(dir, 0755));
  CHECK_OK(chdir(dir));
  sticky_checks();
  CHECK_OK(unlink("t/root"));
  CHECK_OK(unlink("t/root2"));
  CHECK_OK(rmdir("t"));
  CHECK_OK(rmdir("n"));
  CHECK_OK(chdir("/"));
  CHECK_OK(rmdir(dir));
  DONE();
}
