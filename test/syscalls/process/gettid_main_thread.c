// gettid_main_thread: the main thread's tid is the pid, set_tid_address returns it, and libc and raw calls agree.
#include "../common.h"

static int tidword;

int main(void) {
  long tid = syscall(SYS_gettid);
  CHECK(tid > 0);
  CHECK_EQ(tid, getpid());
  CHECK_EQ(gettid(), tid);
  CHECK_EQ(syscall(SYS_set_tid_address, &tidword), tid);
  CHECK_EQ(syscall(SYS_gettid), tid);
  DONE();
}
