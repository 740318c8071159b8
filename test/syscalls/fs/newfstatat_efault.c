// newfstatat_efault: a bad path or a bad stat buffer fails with EFAULT.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  struct stat st;
  CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, bad_ptr(), &st, 0), EFAULT);
  CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, "/etc/passwd", bad_ptr(), 0), EFAULT);
  CHECK_ERR(syscall(SYS_stat, "/etc/passwd", bad_ptr()), EFAULT);
  DONE();
}
