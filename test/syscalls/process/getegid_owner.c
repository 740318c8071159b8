// getegid_owner: getegid matches the group that owns a directory this process's parent created, and getresgid's effective id.
#include "../common.h"
#include <sys/stat.h>

int main(void) {
  // The harness runs each test in a fresh directory it created itself.
  struct stat st;
  CHECK_OK(stat(".", &st));
  long egid = syscall(SYS_getegid);
  CHECK(egid >= 0);
  CHECK_EQ(egid, st.st_gid);
  gid_t r, e, s;
  CHECK_EQ(getresgid(&r, &e, &s), 0);
  CHECK_EQ(egid, e);
  CHECK_EQ(getegid(), egid);
  DONE();
}
