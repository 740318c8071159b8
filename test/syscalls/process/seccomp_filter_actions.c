// seccomp_filter_actions: an installed filter decides calls: ERRNO returns its errno, TRACE without a tracer is ENOSYS, ALLOW lets calls through, filters stack (the most restrictive wins) and are inherited by a forked child; KILL_PROCESS kills with SIGSYS; PR_GET_SECCOMP reports mode 2.
#include "../common.h"
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#define NR_OFF offsetof(struct seccomp_data, nr)

static int install(int nr, unsigned action) {
  struct sock_filter f[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, action),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = {.len = 4, .filter = f};
  return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

int main(void) {
  CHECK_EQ(prctl(PR_GET_SECCOMP, 0, 0, 0, 0), 0);
  CHECK_OK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
  CHECK_EQ(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 1);
  CHECK_OK(install(SYS_getppid, SECCOMP_RET_ERRNO | 42));
  CHECK_EQ(prctl(PR_GET_SECCOMP, 0, 0, 0, 0), 2);
  errno = 0;
  CHECK_EQ(syscall(SYS_getppid), -1);
  CHECK_EQ(errno, 42);
  CHECK_OK(install(SYS_getuid, SECCOMP_RET_TRACE));
  CHECK_ERR(syscall(SYS_getuid), ENOSYS);
  /* A later, laxer filter does not undo an earlier errno. */
  CHECK_OK(install(SYS_getppid, SECCOMP_RET_ALLOW));
  errno = 0;
  CHECK_EQ(syscall(SYS_getppid), -1);
  CHECK_EQ(errno, 42);
  /* Stricter later filter wins over errno. */
  pid_t child = fork();
  if (child == 0) {
    /* inherited: getppid still fails with 42 */
    if (syscall(SYS_getppid) != -1 || errno != 42) _exit(1);
    install(SYS_getppid, SECCOMP_RET_KILL_PROCESS);
    syscall(SYS_getppid);
    _exit(2);
  }
  int status;
  CHECK_EQ(waitpid(child, &status, 0), child);
  CHECK(WIFSIGNALED(status));
  CHECK_EQ(WTERMSIG(status), SIGSYS);
  CHECK(getpid() > 0);
  DONE();
}
