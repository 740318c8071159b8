// pwrite64_errors: pwrite on a read-only fd is EBADF; on stdout when it is a pipe, ESPIPE.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_ERR(syscall(SYS_pwrite64, fd, "x", 1, 0L), EBADF);
  CHECK_ERR(syscall(SYS_pwrite64, -1, "x", 1, 0L), EBADF);
  struct stat st;
  CHECK_OK(fstat(1, &st));
  if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
    CHECK_ERR(syscall(SYS_pwrite64, 1, "x", 1, 0L), ESPIPE);
  } else {
    printf("stdout is not a pipe: ESPIPE case not checked\n");
  }
  DONE();
}
