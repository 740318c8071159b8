// access_modes: access and faccessat report existence and read/execute permission, ENOENT and ENOTDIR.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  CHECK_EQ(access("/etc/passwd", F_OK), 0);
  CHECK_EQ(access("/etc/passwd", R_OK), 0);
  CHECK_EQ(access("/bin/sh", X_OK), 0);
  CHECK_EQ(access("/usr/include", R_OK | X_OK), 0);
  CHECK_ERR(access("/etc/husk-missing", F_OK), ENOENT);
  CHECK_ERR(access("/etc/passwd/x", F_OK), ENOTDIR);
  int dfd = open("/etc", O_RDONLY | O_DIRECTORY);
  CHECK_EQ(faccessat(dfd, "passwd", R_OK, 0), 0);
  CHECK_EQ(syscall(SYS_faccessat, dfd, "passwd", R_OK), 0);
  DONE();
}
