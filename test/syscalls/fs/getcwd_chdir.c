// getcwd_chdir: getcwd follows chdir (through symlinks and ..), and a too-small buffer is ERANGE.
#include "../common.h"

int main(void) {
  char buf[4096];
  CHECK_OK(chdir("/"));
  CHECK(getcwd(buf, sizeof buf) != NULL);
  printf("cwd: %s\n", buf);
  CHECK_OK(chdir("/usr/include/linux"));
  CHECK_OK(chdir(".."));
  CHECK(getcwd(buf, sizeof buf) != NULL);
  printf("cwd: %s\n", buf);
  CHECK_OK(chdir("/bin"));
  CHECK(getcwd(buf, sizeof buf) != NULL);
  printf("cwd after chdir(/bin): %s\n", buf);
  CHECK_EQ(syscall(SYS_getcwd, buf, sizeof buf), 9);
  CHECK_ERR(syscall(SYS_getcwd, buf, 3), ERANGE);
  CHECK_ERR(syscall(SYS_getcwd, buf, 0), ERANGE);
  CHECK_ERR(syscall(SYS_getcwd, bad_ptr(), sizeof buf), EFAULT);
  DONE();
}
