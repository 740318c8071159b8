// getxattr_synthetic: procfs and devpts keep no xattrs: a user.* name reads EOPNOTSUPP on a proc file and ENODATA on a device node (user.* is for files and directories), the list is empty, setting one is EOPNOTSUPP (EPERM for user.* on a device node); an empty name is ERANGE and a missing file ENOENT.
#include "../common.h"
#include <sys/xattr.h>

int main(void) {
  char buf[64];
  CHECK_ERR(getxattr("/proc/self/status", "user.x", buf, sizeof buf), EOPNOTSUPP);
  CHECK_EQ(listxattr("/proc/self/status", buf, sizeof buf), 0);
  CHECK_EQ(listxattr("/proc", NULL, 0), 0);
  CHECK_ERR(setxattr("/proc/self/status", "user.x", "1", 1, 0), EOPNOTSUPP);
  CHECK_ERR(removexattr("/proc/self/status", "user.x"), EOPNOTSUPP);
  CHECK_ERR(getxattr("/dev/pts/ptmx", "user.x", buf, sizeof buf), ENODATA);
  CHECK_ERR(setxattr("/dev/pts/ptmx", "user.x", "1", 1, 0), EPERM);
  CHECK_EQ(listxattr("/dev/pts", buf, sizeof buf), 0);
  CHECK_ERR(getxattr("/proc/self/status", "", buf, sizeof buf), ERANGE);
  CHECK_ERR(getxattr("/proc/missing", "user.x", buf, sizeof buf), ENOENT);
  CHECK_ERR(getxattr("/proc/self/status", "bogus.x", buf, sizeof buf), EOPNOTSUPP);
  DONE();
}
