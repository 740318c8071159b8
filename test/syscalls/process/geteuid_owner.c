// geteuid_owner: geteuid matches the user that owns a directory this process's parent created, and getresuid's effective id.
#include "../common.h"
#include <sys/stat.h>

int main(void) {
  // The harness runs each test in a fresh directory it created itself.
  struct stat st;
  CHECK_OK(stat(".", &st));
  long uid = syscall(SYS_geteuid);
  CHECK(uid >= 0);
  CHECK_EQ(uid, st.st_uid);
  uid_t r, e, s;
  CHECK_EQ(getresuid(&r, &e, &s), 0);
  CHECK_EQ(uid, e);
  CHECK_EQ(geteuid(), uid);
  DONE();
}
