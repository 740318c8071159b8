// lseek_whence: SEEK_SET, SEEK_CUR and SEEK_END move the offset as Linux does, past EOF included.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  int fd = open("/usr/include/stdio.h", O_RDONLY);
  CHECK(fd >= 0);
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(lseek(fd, 100, SEEK_SET), 100);
  CHECK_EQ(lseek(fd, 10, SEEK_CUR), 110);
  CHECK_EQ(lseek(fd, -20, SEEK_CUR), 90);
  CHECK_EQ(lseek(fd, 0, SEEK_END), st.st_size);
  CHECK_EQ(lseek(fd, -10, SEEK_END), st.st_size - 10);
  CHECK_EQ(lseek(fd, 1000, SEEK_END), st.st_size + 1000);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), st.st_size + 1000);
  char c;
  CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
  CHECK_EQ(read(fd, &c, 1), 1);
  CHECK_EQ(c, '/');
  DONE();
}
