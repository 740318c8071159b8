// mmap_file_private: a private file mapping reads what read() reads, zero past EOF, and writes stay private.
#include "../common.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  int fd = open("/usr/include/stdio.h", O_RDONLY);
  CHECK(fd >= 0);
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  size_t len = (st.st_size + page - 1) & ~(page - 1);
  char *buf = malloc(st.st_size);
  CHECK_EQ(read(fd, buf, st.st_size), st.st_size);
  char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(p != MAP_FAILED);
  CHECK(memcmp(p, buf, st.st_size) == 0);
  int zero = 1;
  for (size_t i = st.st_size; i < len; i++) zero &= p[i] == 0;
  CHECK(zero);
  p[0] = 'X';
  char c;
  CHECK_EQ(pread(fd, &c, 1, 0), 1);
  CHECK_EQ(c, '/');
  char *q = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, page);
  CHECK(q != MAP_FAILED);
  CHECK(memcmp(q, buf + page, 64) == 0);
  CHECK_EQ(write(1, q, 0), 0);
  DONE();
}
