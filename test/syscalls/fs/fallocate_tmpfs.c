// fallocate_tmpfs: on tmpfs fallocate mode 0 grows the file (zeros), never shrinks it, KEEP_SIZE leaves the size, PUNCH_HOLE|KEEP_SIZE zeroes a range; PUNCH_HOLE alone and ZERO_RANGE are EOPNOTSUPP; a bad length or offset EINVAL, a read-only fd EBADF, a directory EISDIR, a pipe ESPIPE.
// husk-tmpfs: /dev/shm
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  char dir[] = "/dev/shm/husk-falloc-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CHECK_OK(chdir(dir));
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  struct stat st;
  CHECK_OK(fallocate(fd, 0, 0, 8192));
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_size, 8192);
  char buf[8192];
  CHECK_EQ(pread(fd, buf, sizeof buf, 0), 8192);
  int zero = 1;
  for (int i = 0; i < 8192; i++)
    zero &= buf[i] == 0;
  CHECK(zero);
  CHECK_OK(fallocate(fd, 0, 0, 100));
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_size, 8192);
  CHECK_OK(fallocate(fd, FALLOC_FL_KEEP_SIZE, 8192, 4096));
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_size, 8192);
  memset(buf, 'x', sizeof buf);
  CHECK_EQ(pwrite(fd, buf, sizeof buf, 0), 8192);
  CHECK_OK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4096, 4096));
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_size, 8192);
  CHECK_EQ(pread(fd, buf, sizeof buf, 0), 8192);
  CHECK(buf[4095] == 'x' && buf[4096] == 0 && buf[8191] == 0);
  CHECK_ERR(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10), EOPNOTSUPP);
  CHECK_ERR(fallocate(fd, FALLOC_FL_ZERO_RANGE, 0, 10), EOPNOTSUPP);
  CHECK_ERR(fallocate(fd, 0, 0, 0), EINVAL);
  CHECK_ERR(fallocate(fd, 0, -1, 10), EINVAL);
  CHECK_ERR(fallocate(fd, 0x1000, 0, 10), EOPNOTSUPP);
  int ro = open("f", O_RDONLY);
  CHECK_ERR(fallocate(ro, 0, 0, 10), EBADF);
  close(ro);
  int d = open(".", O_RDONLY | O_DIRECTORY);
  CHECK_ERR(fallocate(d, 0, 0, 10), EBADF);
  close(d);
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_ERR(fallocate(p[1], 0, 0, 10), ESPIPE);
  CHECK_ERR(fallocate(99, 0, 0, 10), EBADF);
  close(fd);
  CHECK_OK(unlink("f"));
  CHECK_OK(chdir("/"));
  CHECK_OK(rmdir(dir));
  DONE();
}
