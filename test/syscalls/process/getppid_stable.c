// getppid_stable: getppid names another live process, is stable across calls, and libc and raw calls agree.
// husk-divergent: *: the first app process is init of the sandbox's pid namespace, so its parent is outside it and getppid is 0 (as for any namespace init)
#include "../common.h"

int main(void) {
  long ppid = syscall(SYS_getppid);
  CHECK(ppid > 0);
  CHECK(ppid != getpid());
  CHECK_EQ(syscall(SYS_getppid), ppid);
  CHECK_EQ(getppid(), ppid);
  DONE();
}
