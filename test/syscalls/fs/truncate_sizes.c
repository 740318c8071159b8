// truncate_sizes: truncate and ftruncate grow a file with zeros and shrink it; ftruncate needs a descriptor open for writing (EINVAL); truncate of a directory is EISDIR, of a missing name ENOENT; a negative length is EINVAL.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

static long long size_of(const char *p) {
  struct stat st;
  if (stat(p, &st) != 0) return -1;
  return st.st_size;
}

int main(void) {
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  CHECK_EQ(write(fd, "abcdef", 6), 6);
  CHECK_OK(ftruncate(fd, 3));
  CHECK_EQ(size_of("f"), 3);
  CHECK_OK(truncate("f", 8));
  CHECK_EQ(size_of("f"), 8);
  char buf[8];
  CHECK_EQ(pread(fd, buf, 8, 0), 8);
  CHECK(memcmp(buf, "abc\0\0\0\0\0", 8) == 0);
  CHECK_OK(ftruncate(fd, 1 << 20));
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_size, 1 << 20);
  CHECK_ERR(ftruncate(fd, -1), EINVAL);
  CHECK_ERR(truncate("f", -1), EINVAL);
  close(fd);
  fd = open("f", O_RDONLY);
  CHECK_ERR(ftruncate(fd, 0), EINVAL);
  close(fd);
  CHECK_OK(mkdir("d", 0755));
  CHECK_ERR(truncate("d", 0), EISDIR);
  CHECK_ERR(truncate("missing", 0), ENOENT);
  CHECK_OK(truncate("f", 0));
  CHECK_EQ(size_of("f"), 0);
  DONE();
}
