// faccessat2_eaccess_ids: with a real uid that is not the effective one, access and faccessat check the real IDs and faccessat2(AT_EACCESS) the effective ones: a root-only file is EACCES for the real user 54321 and readable for the effective root.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  CHECK_OK(chmod(".", 0755));
  CHECK_OK(close(open("secret", O_CREAT | O_WRONLY, 0600)));
  pid_t pid = fork();
  if (pid == 0) {
    if (setresuid(54321, 0, 0))
      _exit(100);
    int bad = 0;
    errno = 0;
    bad |= (access("secret", R_OK) != -1 || errno != EACCES) << 0;
    errno = 0;
    bad |= (faccessat(AT_FDCWD, "secret", R_OK, 0) != -1 || errno != EACCES) << 1;
    bad |= (syscall(SYS_faccessat2, AT_FDCWD, "secret", R_OK | W_OK, AT_EACCESS) != 0) << 2;
    bad |= (access(".", R_OK | X_OK) != 0) << 3;
    int fd = open("secret", O_RDONLY);
    bad |= (fd < 0) << 4;
    _exit(bad);
  }
  int status;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 0);
  DONE();
}
