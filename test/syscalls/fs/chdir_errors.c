// chdir_errors: chdir to a file is ENOTDIR, to a missing path ENOENT, with a bad pointer EFAULT; cwd is unchanged.
#include "../common.h"

int main(void) {
  char buf[256];
  CHECK_OK(chdir("/etc"));
  CHECK_ERR(chdir("/etc/passwd"), ENOTDIR);
  CHECK_ERR(chdir("/etc/husk-missing"), ENOENT);
  CHECK_ERR(syscall(SYS_chdir, bad_ptr()), EFAULT);
  CHECK(getcwd(buf, sizeof buf) != NULL);
  printf("cwd: %s\n", buf);
  DONE();
}
