// fork_shared_offset: a parent and child share an open file description after fork: the child's reads move the parent's offset; close-on-exec flags are copied; the child's fd table is its own (closing an fd in the child leaves it open in the parent).
#include "../common.h"
#include <fcntl.h>
#include <sys/wait.h>

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
  CHECK(fd >= 0);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    char b[10];
    int ok = read(fd, b, 10) == 10 && fcntl(fd, F_GETFD) == FD_CLOEXEC;
    close(fd);
    _exit(ok ? 0 : 1);
  }
  int status;
  CHECK_EQ(waitpid(c, &status, 0), c);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 10);
  CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
  DONE();
}
