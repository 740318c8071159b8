// fsync_devices: fsync succeeds on files and directories (of the working directory and of the root, read-only opens included) and is EINVAL on pipes and /dev/null, EBADF on bad and O_PATH fds; sync succeeds.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int f = open("data", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_EQ(write(f, "x", 1), 1);
  int dir = open(".", O_RDONLY), root = open("/etc/passwd", O_RDONLY), null = open("/dev/null", O_RDWR);
  int path = open("data", O_PATH);
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_OK(fsync(f));
  CHECK_OK(fsync(dir));
  CHECK_OK(fsync(root));
  CHECK_ERR(fsync(p[0]), EINVAL);
  CHECK_ERR(fsync(p[1]), EINVAL);
  CHECK_ERR(fsync(null), EINVAL);
  CHECK_ERR(fsync(path), EBADF);
  CHECK_ERR(fsync(-1), EBADF);
  sync();
  CHECK_OK(syscall(SYS_sync));
  DONE();
}
