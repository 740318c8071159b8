// openat_tmpfile_workdir: O_TMPFILE in the host-backed working directory (a writable gofer mount in husk): a file with no name that reads, writes, takes fchmod and futimens and that linkat names (AT_EMPTY_PATH, /proc/self/fd), never with O_EXCL; the errors of tmpfile.h.
#include "../common.h"
#include "tmpfile.h"

int main(void) {
  char dir[] = "husk-tmpfile-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CHECK_OK(chdir(dir));
  tmpfile_checks();
  CHECK_OK(chdir(".."));
  CHECK_OK(rmdir(dir));
  DONE();
}
