// seccomp_errors: bad programs (empty, too long, a 16-bit load, a load past seccomp_data, an unaligned load, no return) are EINVAL; unknown flags and operations are EINVAL; a bad pointer is EFAULT; GET_ACTION_AVAIL knows ALLOW and refuses an unknown action with EOPNOTSUPP; STRICT mode kills anything but read/write/exit with SIGKILL.
#include "../common.h"
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/wait.h>

static long load(struct sock_filter *f, unsigned short n) {
  struct sock_fprog prog = {.len = n, .filter = f};
  return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

int main(void) {
  CHECK_OK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
  struct sock_filter ok[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
  CHECK_ERR(load(ok, 0), EINVAL);
  CHECK_ERR(load(ok, 4097), EINVAL);
  struct sock_filter half[] = {BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
  CHECK_ERR(load(half, 2), EINVAL);
  struct sock_filter past[] = {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
  CHECK_ERR(load(past, 2), EINVAL);
  struct sock_filter unaligned[] = {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 2), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
  CHECK_ERR(load(unaligned, 2), EINVAL);
  struct sock_filter noret[] = {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0)};
  CHECK_ERR(load(noret, 1), EINVAL);
  struct sock_fprog prog = {.len = 1, .filter = ok};
  CHECK_ERR(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0x80, &prog), EINVAL);
  CHECK_ERR(syscall(SYS_seccomp, 99, 0, &prog), EINVAL);
  CHECK_ERR(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, bad_ptr()), EFAULT);
  unsigned action = SECCOMP_RET_ALLOW;
  CHECK_OK(syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action));
  action = 0x12340000;
  CHECK_ERR(syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action), EOPNOTSUPP);
  pid_t child = fork();
  if (child == 0) {
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_STRICT, 0, NULL) != 0) syscall(SYS_exit, 1);
    syscall(SYS_write, 1, "", 0);
    syscall(SYS_getpid);
    syscall(SYS_exit, 2);
  }
  int status;
  CHECK_EQ(waitpid(child, &status, 0), child);
  CHECK(WIFSIGNALED(status));
  CHECK_EQ(WTERMSIG(status), SIGKILL);
  DONE();
}
