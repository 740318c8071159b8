// mmap_shared_write_refused: a writable MAP_SHARED mapping of a file in the workspace either works (Linux: the write reaches the file) or is refused; husk refuses it with ENODEV, since its shared file mappings are copies and the write would be lost; MAP_PRIVATE writable mappings and read-only shared ones work.
// husk-divergent: *: shared file mappings are private copies in husk, so a writable one is refused (ENODEV) rather than silently losing writes
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
