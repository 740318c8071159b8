// mmap_shared_file_rw: a writable MAP_SHARED mapping of a file in the workspace works and a store through it reaches the file after munmap; MAP_PRIVATE writable mappings and read-only shared ones work alongside.
#include "../common.h"
#include <fcntl.h>
#include <sys/mman.h>

int main(void) {
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  CHECK_EQ(write(fd, "abcd", 4), 4);
  char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(p != MAP_FAILED);
  if (p != MAP_FAILED) {
    p[0] = 'X';
    munmap(p, 4096);
    char c = 0;
    CHECK_EQ(pread(fd, &c, 1, 0), 1);
    CHECK_EQ(c, 'X');
  }
  char *q = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(q != MAP_FAILED);
  char *r = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
  CHECK(r != MAP_FAILED);
  CHECK_EQ(r[1], 'b');
  DONE();
}
