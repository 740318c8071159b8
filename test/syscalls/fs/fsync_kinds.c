// fsync_kinds: fsync and fdatasync succeed on a regular file (after writes) and on a directory, fail with EINVAL on a pipe and EBADF on a closed descriptor; the data is there after the sync.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  CHECK_EQ(write(fd, "durable", 7), 7);
  CHECK_OK(fsync(fd));
  CHECK_EQ(pwrite(fd, "D", 1, 0), 1);
  CHECK_OK(fdatasync(fd));
  char buf[8] = {0};
  int r = open("f", O_RDONLY);
  CHECK_EQ(read(r, buf, 7), 7);
  printf("after sync: %s\n", buf);
  CHECK_OK(fsync(r)); /* read-only descriptors sync too */
  close(r);
  close(fd);
  int d = open(".", O_RDONLY | O_DIRECTORY);
  CHECK_OK(fsync(d));
  CHECK_OK(fdatasync(d));
  close(d);
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_ERR(fsync(p[0]), EINVAL);
  CHECK_ERR(fdatasync(p[1]), EINVAL);
  close(p[0]);
  close(p[1]);
  CHECK_ERR(fsync(p[0]), EBADF);
  CHECK_ERR(fdatasync(-1), EBADF);
  DONE();
}
