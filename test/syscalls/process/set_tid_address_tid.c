// set_tid_address_tid: set_tid_address returns the caller's tid and accepts any pointer.
#include "../common.h"

static int ctid;

int main(void) {
  long tid = syscall(SYS_gettid);
  CHECK_EQ(syscall(SYS_set_tid_address, &ctid), tid);
  CHECK_EQ(syscall(SYS_set_tid_address, NULL), tid);
  CHECK_EQ(syscall(SYS_set_tid_address, bad_ptr()), tid);
  DONE();
}
