// clone_flags_errors: clone refuses inconsistent flags as Linux does: CLONE_THREAD without CLONE_SIGHAND, CLONE_SIGHAND without CLONE_VM, and CLONE_FS with CLONE_NEWNS are EINVAL.
#include "../common.h"
#include <sched.h>
#include <signal.h>

int main(void) {
  CHECK_ERR(syscall(SYS_clone, CLONE_THREAD | CLONE_VM, 0, NULL, NULL, 0), EINVAL);
  CHECK_ERR(syscall(SYS_clone, CLONE_SIGHAND | SIGCHLD, 0, NULL, NULL, 0), EINVAL);
  CHECK_ERR(syscall(SYS_clone, CLONE_FS | CLONE_NEWNS | SIGCHLD, 0, NULL, NULL, 0), EINVAL);
  DONE();
}
