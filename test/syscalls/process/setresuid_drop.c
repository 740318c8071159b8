// setresuid_drop: a root child drops to uid/gid 1000 with setgroups, setresgid and setresuid; its ids read back; it can no longer regain root (EPERM), can swap among its own ids, and loses CAP_DAC_OVERRIDE (a 0600 root file is EACCES); setuid(-1) is EINVAL.
#include "../common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/wait.h>

int main(void) {
  if (geteuid() != 0) {
    printf("not root: nothing to drop\n");
    DONE();
  }
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    gid_t none[1] = {1000};
    int ok = setgroups(1, none) == 0;
    ok = ok && syscall(SYS_setresgid, 1000, 1000, 1000) == 0;
    ok = ok && syscall(SYS_setresuid, 1000, 1000, 1000) == 0;
    uid_t r, e, s;
    getresuid(&r, &e, &s);
    ok = ok && r == 1000 && e == 1000 && s == 1000 && getegid() == 1000;
    ok = ok && syscall(SYS_setuid, 0) == -1 && errno == EPERM;
    ok = ok && syscall(SYS_setreuid, 1000, 1000) == 0;
    ok = ok && open("/etc/shadow", O_RDONLY) == -1 && errno == EACCES;
    ok = ok && syscall(SYS_setuid, -1) == -1 && errno == EINVAL;
    _exit(ok ? 0 : 1);
  }
  int status;
  CHECK_EQ(waitpid(c, &status, 0), c);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 0);
  DONE();
}
