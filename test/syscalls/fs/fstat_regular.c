// fstat_regular: fstat on an open file reports a regular file whose size matches lseek(SEEK_END).
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  int fd = open("/usr/include/stdio.h", O_RDONLY);
  CHECK(fd >= 0);
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK(S_ISREG(st.st_mode));
  CHECK(st.st_nlink >= 1);
  CHECK_EQ(st.st_size, lseek(fd, 0, SEEK_END));
  CHECK(st.st_blksize > 0);
  int dfd = open("/usr/include", O_RDONLY | O_DIRECTORY);
  CHECK_OK(fstat(dfd, &st));
  CHECK(S_ISDIR(st.st_mode));
  DONE();
}
