// mmap_memfd_offsets: MAP_SHARED memfd mappings at a file offset see the right pages; a page past the end becomes usable once ftruncate grows the file; MADV_DONTNEED on a shared mapping keeps the file's data; mprotect to read-only and back keeps the same pages.
#include "../common.h"
#include <sys/mman.h>

int main(void) {
  int fd = memfd_create("offsets", 0);
  CHECK(fd >= 0);
  CHECK_OK(ftruncate(fd, 3 * 4096));
  for (int i = 0; i < 3; i++) {
    char c = 'A' + i;
    CHECK_EQ(pwrite(fd, &c, 1, i * 4096), 1);
  }
  char *m = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 4096);
  CHECK(m != MAP_FAILED);
  CHECK_EQ(m[0], 'B');
  CHECK_EQ(m[4096], 'C');
  m[1] = 'b';
  char c;
  CHECK_EQ(pread(fd, &c, 1, 4097), 1);
  CHECK_EQ(c, 'b');

  // A mapping longer than the file: its last page becomes usable when the
  // file grows to cover it.
  char *big = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(big != MAP_FAILED);
  CHECK_OK(ftruncate(fd, 4 * 4096));
  CHECK_EQ(pwrite(fd, "D", 1, 3 * 4096), 1);
  CHECK_EQ(big[3 * 4096], 'D');
  big[3 * 4096 + 1] = 'd';
  CHECK_EQ(pread(fd, &c, 1, 3 * 4096 + 1), 1);
  CHECK_EQ(c, 'd');

  CHECK_OK(madvise(m, 2 * 4096, MADV_DONTNEED));
  CHECK_EQ(m[0], 'B');
  CHECK_EQ(m[1], 'b');
  CHECK_OK(mprotect(m, 4096, PROT_READ));
  CHECK_EQ(m[1], 'b');
  CHECK_OK(mprotect(m, 4096, PROT_READ | PROT_WRITE));
  m[2] = '!';
  CHECK_EQ(big[4096 + 2], '!');
  CHECK_OK(munmap(m, 2 * 4096));
  CHECK_OK(munmap(big, 4 * 4096));
  CHECK_OK(close(fd));
  DONE();
}
