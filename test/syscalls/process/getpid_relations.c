// getpid_relations: in a single-threaded process pid == tid, the parent is another process, and the values are stable.
#include "../common.h"

int main(void) {
  long pid = syscall(SYS_getpid), tid = syscall(SYS_gettid), ppid = syscall(SYS_getppid);
  CHECK(pid > 0);
  CHECK_EQ(pid, tid);
  CHECK(ppid != pid);
  CHECK(ppid >= 0);
  CHECK_EQ(syscall(SYS_getpid), pid);
  CHECK_EQ(getpid(), pid);
  CHECK_EQ(gettid(), tid);
  CHECK_EQ(getppid(), ppid);
  DONE();
}
