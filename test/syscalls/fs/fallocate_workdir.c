// fallocate_workdir: fallocate on a file of the (host-backed) working directory: mode 0 grows it with zeros, KEEP_SIZE keeps the size, PUNCH_HOLE|KEEP_SIZE zeroes a range; an O_APPEND fd may punch holes too (EPERM is for append-only inodes).
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  struct stat st;
  CHECK_OK(fallocate(fd, 0, 0, 65536));
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_size, 65536);
  CHECK(st.st_blocks >= 128);
  CHECK_OK(fallocate(fd, FALLOC_FL_KEEP_SIZE, 65536, 65536));
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_size, 65536);
  char buf[8192];
  memset(buf, 'x', sizeof buf);
  CHECK_EQ(pwrite(fd, buf, sizeof buf, 0), 8192);
  CHECK_OK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4096, 4096));
  CHECK_EQ(pread(fd, buf, sizeof buf, 0), 8192);
  CHECK(buf[4095] == 'x' && buf[4096] == 0 && buf[8191] == 0);
  CHECK_ERR(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10), EOPNOTSUPP);
  int ap = open("f", O_WRONLY | O_APPEND);
  CHECK_OK(fallocate(ap, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 10));
  close(ap);
  close(fd);
  DONE();
}
