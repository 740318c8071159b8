// getgid_owner: getgid matches the group that owns a directory this process's parent created, and getresgid's real id.
#include "../common.h"
#include <sys/stat.h>

int main(void) {
  // The harness runs each test in a fresh directory it created itself.
  struct stat st;
  CHECK_OK(stat(".", &st));
  long gid = syscall(SYS_getgid);
  CHECK(gid >= 0);
  CHECK_EQ(gid, st.st_gid);
  gid_t r, e, s;
  CHECK_EQ(getresgid(&r, &e, &s), 0);
  CHECK_EQ(gid, r);
  CHECK_EQ(getgid(), gid);
  DONE();
}
