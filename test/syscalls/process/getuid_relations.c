// getuid_relations: real and effective ids agree for a non-setuid program, and the libc and raw calls agree.
#include "../common.h"

int main(void) {
  long uid = syscall(SYS_getuid), euid = syscall(SYS_geteuid);
  long gid = syscall(SYS_getgid), egid = syscall(SYS_getegid);
  CHECK_EQ(uid, euid);
  CHECK_EQ(gid, egid);
  CHECK(uid >= 0 && gid >= 0);
  CHECK_EQ(getuid(), uid);
  CHECK_EQ(getegid(), egid);
  DONE();
}
