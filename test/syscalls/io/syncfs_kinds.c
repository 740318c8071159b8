// syncfs_kinds: syncfs succeeds on any open fd (file, root file, pipe, device) and is EBADF on bad and O_PATH fds.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int f = open("data", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_EQ(write(f, "x", 1), 1);
  int root = open("/etc/passwd", O_RDONLY), null = open("/dev/null", O_RDWR), path = open("data", O_PATH);
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_OK(syncfs(f));
  CHECK_OK(syncfs(root));
  CHECK_OK(syncfs(p[0]));
  CHECK_OK(syncfs(null));
  CHECK_ERR(syncfs(path), EBADF);
  CHECK_ERR(syncfs(-1), EBADF);
  DONE();
}
