// openat_dev_memory: the memory devices behave as Linux's: /dev/null swallows writes and reads EOF, /dev/zero reads zeros, /dev/full reads zeros and refuses writes with ENOSPC, /dev/urandom fills a buffer; lseek on them returns 0; fstat says character device 1:3 for null.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

int main(void) {
  char buf[64];
  int null = open("/dev/null", O_RDWR);
  CHECK(null >= 0);
  CHECK_EQ(write(null, "hello", 5), 5);
  CHECK_EQ(read(null, buf, sizeof buf), 0);
  CHECK_EQ(lseek(null, 100, SEEK_SET), 0);
  struct stat st;
  CHECK_OK(fstat(null, &st));
  CHECK(S_ISCHR(st.st_mode));
  CHECK_EQ(major(st.st_rdev), 1);
  CHECK_EQ(minor(st.st_rdev), 3);
  int zero = open("/dev/zero", O_RDONLY);
  CHECK(zero >= 0);
  memset(buf, 'x', sizeof buf);
  CHECK_EQ(read(zero, buf, sizeof buf), (long)sizeof buf);
  CHECK(buf[0] == 0 && buf[63] == 0);
  int full = open("/dev/full", O_RDWR);
  CHECK(full >= 0);
  CHECK_ERR(write(full, "x", 1), ENOSPC);
  CHECK_EQ(read(full, buf, 8), 8);
  int ur = open("/dev/urandom", O_RDONLY);
  CHECK(ur >= 0);
  CHECK_EQ(read(ur, buf, 16), 16);
  CHECK_OK(close(null));
  CHECK_OK(close(zero));
  CHECK_OK(close(full));
  CHECK_OK(close(ur));
  DONE();
}
