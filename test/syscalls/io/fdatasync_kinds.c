// fdatasync_kinds: fdatasync succeeds on a written file, a directory and a read-only open of a root file; it is EINVAL on pipes and /dev/null, EBADF on bad and O_PATH fds.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int f = open("data", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_EQ(write(f, "x", 1), 1);
  int dir = open(".", O_RDONLY), root = open("/etc/passwd", O_RDONLY), null = open("/dev/null", O_RDWR);
  int path = open("data", O_PATH);
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_OK(fdatasync(f));
  CHECK_OK(fdatasync(dir));
  CHECK_OK(fdatasync(root));
  CHECK_ERR(fdatasync(p[1]), EINVAL);
  CHECK_ERR(fdatasync(null), EINVAL);
  CHECK_ERR(fdatasync(path), EBADF);
  CHECK_ERR(fdatasync(1000), EBADF);
  DONE();
}
