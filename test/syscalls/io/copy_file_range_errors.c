// copy_file_range_errors: non-zero flags, pipes and devices are EINVAL; a directory EISDIR; an unreadable input, an unwritable or O_APPEND output, an O_PATH or bad fd EBADF; overlapping ranges in one file EINVAL; an offset that wraps EOVERFLOW; a bad offset pointer EFAULT.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int f = open("src", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_EQ(write(f, "0123456789", 10), 10);
  int wo = open("src", O_WRONLY), ro = open("src", O_RDONLY), app = open("src", O_WRONLY | O_APPEND);
  int dir = open(".", O_RDONLY), null = open("/dev/null", O_RDWR), path = open("src", O_PATH);
  int g = open("dst", O_CREAT | O_RDWR | O_TRUNC, 0644);
  int p[2];
  CHECK_OK(pipe(p));
  loff_t a = 0, b = 3;
  CHECK_ERR(copy_file_range(f, NULL, g, NULL, 5, 1), EINVAL);
  CHECK_ERR(copy_file_range(f, NULL, p[1], NULL, 5, 0), EINVAL);
  CHECK_ERR(copy_file_range(p[0], NULL, g, NULL, 5, 0), EINVAL);
  CHECK_ERR(copy_file_range(f, NULL, null, NULL, 5, 0), EINVAL);
  CHECK_ERR(copy_file_range(dir, NULL, g, NULL, 5, 0), EISDIR);
  CHECK_ERR(copy_file_range(wo, NULL, g, NULL, 5, 0), EBADF);
  CHECK_ERR(copy_file_range(f, NULL, ro, NULL, 5, 0), EBADF);
  CHECK_ERR(copy_file_range(f, NULL, app, NULL, 5, 0), EBADF);
  CHECK_ERR(copy_file_range(path, NULL, g, NULL, 5, 0), EBADF);
  CHECK_ERR(copy_file_range(-1, NULL, g, NULL, 5, 0), EBADF);
  CHECK_ERR(copy_file_range(f, NULL, -1, NULL, 5, 0), EBADF);
  CHECK_ERR(copy_file_range(f, &a, f, &b, 5, 0), EINVAL);
  CHECK_EQ(lseek(f, 0, SEEK_SET), 0);
  CHECK_ERR(copy_file_range(f, NULL, f, NULL, 5, 0), EINVAL); // one offset: the ranges overlap
  a = -1;
  CHECK_ERR(copy_file_range(f, &a, g, NULL, 5, 0), EOVERFLOW);
  CHECK_ERR(copy_file_range(f, bad_ptr(), g, NULL, 5, 0), EFAULT);
  CHECK_ERR(copy_file_range(f, NULL, g, bad_ptr(), 5, 0), EFAULT);
  DONE();
}
