// sync_file_range_errors: unknown flags, a negative offset or length and a range that wraps are EINVAL; pipes and character devices ESPIPE; bad and O_PATH fds EBADF; files and directories succeed.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int f = open("data", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_EQ(write(f, "hello", 5), 5);
  int dir = open(".", O_RDONLY), null = open("/dev/null", O_RDWR), path = open("data", O_PATH);
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_OK(sync_file_range(f, 0, 0, 0));
  CHECK_OK(sync_file_range(f, 0, 5, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER));
  CHECK_OK(sync_file_range(dir, 0, 0, 0));
  CHECK_ERR(sync_file_range(f, 0, 0, 8), EINVAL);
  CHECK_ERR(sync_file_range(f, -1, 0, 0), EINVAL);
  CHECK_ERR(sync_file_range(f, 0, -1, 0), EINVAL);
  CHECK_ERR(sync_file_range(f, 0x7fffffffffffffffLL, 10, 0), EINVAL);
  CHECK_ERR(sync_file_range(p[0], 0, 0, 0), ESPIPE);
  CHECK_ERR(sync_file_range(null, 0, 0, 0), ESPIPE);
  CHECK_ERR(sync_file_range(path, 0, 0, 0), EBADF);
  CHECK_ERR(sync_file_range(-1, 0, 0, 8), EBADF);
  DONE();
}
