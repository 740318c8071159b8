// pwrite64_sparse: pwrite past the end leaves a hole that reads as zeros and sets the size; pwrite does not move the offset; a file written, closed and reopened keeps its bytes; lseek SEEK_END sees the new size.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  CHECK_EQ(write(fd, "head", 4), 4);
  CHECK_EQ(pwrite(fd, "tail", 4, 65536), 4);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 4);
  CHECK_EQ(lseek(fd, 0, SEEK_END), 65540);
  close(fd);
  fd = open("f", O_RDONLY);
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_size, 65540);
  static char buf[65540];
  CHECK_EQ(read(fd, buf, sizeof buf), 65540);
  int zeros = 1;
  for (int i = 4; i < 65536; i++) if (buf[i]) zeros = 0;
  CHECK(zeros);
  CHECK(memcmp(buf, "head", 4) == 0 && memcmp(buf + 65536, "tail", 4) == 0);
  close(fd);
  DONE();
}
