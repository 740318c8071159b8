// setxattr_tmpfs_sticky: on tmpfs security.* names work for root; in a sticky directory only its owner may set user.* attributes on it (EPERM for another user with write permission), and a non-owner without write permission gets EACCES on a file.
// husk-tmpfs: /dev/shm
#include "../common.h"
#include <grp.h>
#include <sys/stat.h>
#include <sys/xattr.h>

int main(void) {
  char dir[] = "/dev/shm/husk-xsticky-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CHECK_OK(chmod(dir, 0755));
  CHECK_OK(chdir(dir));
  CHECK_OK(mkdir("t", 0777));
  CHECK_OK(chmod("t", 01777));
  CHECK_OK(mkdir("w", 0777));
  CHECK_OK(chmod("w", 0777));
  CHECK_OK(setxattr("t", "security.husk", "s", 1, 0));
  char buf[16];
  CHECK_EQ(getxattr("t", "security.husk", buf, sizeof buf), 1);
  CHECK_OK(removexattr("t", "security.husk"));
  pid_t pid = fork();
  if (pid == 0) {
    if (setgroups(0, NULL) || setresgid(54321, 54321, 54321) || setresuid(54321, 54321, 54321))
      _exit(100);
    int bad = 0;
    errno = 0;
    bad |= (setxattr("t", "user.a", "1", 1, 0) != -1 || errno != EPERM) << 0;
    bad |= (setxattr("w", "user.a", "1", 1, 0) != 0) << 1;
    bad |= (getxattr("w", "user.a", buf, sizeof buf) != 1) << 2;
    bad |= (removexattr("w", "user.a") != 0) << 3;
    errno = 0;
    bad |= (setxattr(".", "user.a", "1", 1, 0) != -1 || errno != EACCES) << 4;
    _exit(bad);
  }
  int status;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 0);
  CHECK_OK(rmdir("t"));
  CHECK_OK(rmdir("w"));
  CHECK_OK(chdir("/"));
  CHECK_OK(rmdir(dir));
  DONE();
}
