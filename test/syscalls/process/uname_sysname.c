// uname_sysname: uname reports sysname "Linux" and machine "x86_64", with NUL-terminated fields.
#include "../common.h"
#include <sys/utsname.h>

int main(void) {
  struct utsname u;
  CHECK_EQ(uname(&u), 0);
  printf("sysname: %s\n", u.sysname);
  printf("machine: %s\n", u.machine);
  CHECK(strcmp(u.sysname, "Linux") == 0);
  CHECK(strcmp(u.machine, "x86_64") == 0);
  CHECK(strlen(u.release) > 0 && strlen(u.release) < sizeof u.release);
  CHECK(strlen(u.nodename) < sizeof u.nodename);
  DONE();
}
