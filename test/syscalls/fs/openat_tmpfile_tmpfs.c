// openat_tmpfile_tmpfs: O_TMPFILE on tmpfs: a file with no name that reads, writes, takes fchmod and futimens and that linkat names (AT_EMPTY_PATH, /proc/self/fd), never with O_EXCL; the errors of tmpfile.h.
// husk-tmpfs: /dev/shm
#include "../common.h"
#include "tmpfile.h"

int main(void) {
  char dir[] = "/dev/shm/husk-tmpfile-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CHECK_OK(chdir(dir));
  tmpfile_checks();
  CHECK_OK(chdir("/"));
  CHECK_OK(rmdir(dir));
  DONE();
}
