// openat_enoent: opening a missing path, or one under a missing directory, fails with ENOENT.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  CHECK_ERR(open("/etc/husk-does-not-exist", O_RDONLY), ENOENT);
  CHECK_ERR(open("/husk-missing-dir/file", O_RDONLY), ENOENT);
  CHECK_ERR(openat(AT_FDCWD, "", O_RDONLY), ENOENT);
  DONE();
}
