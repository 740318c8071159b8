// unlink_open_file: a file unlinked while open keeps its data for the open descriptor (read, write, fstat says no links), a file replaced by rename keeps its data for a descriptor open on it, and a private mapping made before the file was closed and unlinked still reads its contents at first touch; memfd pages stay for a private mapping after the memfd is closed.
#include "../common.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

int main(void) {
  int fd = open("doomed", O_CREAT | O_RDWR, 0644);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "still here", 10), 10);
  CHECK_OK(unlink("doomed"));
  char buf[32] = {0};
  CHECK_EQ(pread(fd, buf, sizeof buf, 0), 10);
  CHECK(strcmp(buf, "still here") == 0);
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_nlink, 0);
  CHECK_EQ(st.st_size, 10);
  CHECK_EQ(pwrite(fd, "!", 1, 10), 1);
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_size, 11);
  CHECK_ERR(access("doomed", F_OK), ENOENT);
  CHECK_OK(close(fd));

  // Rename over an open file.
  int old = open("old", O_CREAT | O_RDWR, 0644);
  CHECK_EQ(write(old, "old data", 8), 8);
  int nw = open("new", O_CREAT | O_RDWR, 0644);
  CHECK_EQ(write(nw, "new data", 8), 8);
  CHECK_OK(close(nw));
  CHECK_OK(rename("new", "old"));
  memset(buf, 0, sizeof buf);
  CHECK_EQ(pread(old, buf, sizeof buf, 0), 8);
  CHECK(strcmp(buf, "old data") == 0);
  CHECK_OK(fstat(old, &st));
  CHECK_EQ(st.st_nlink, 0);
  CHECK_OK(close(old));
  int cur = open("old", O_RDONLY);
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(cur, buf, sizeof buf), 8);
  CHECK(strcmp(buf, "new data") == 0);
  CHECK_OK(close(cur));
  CHECK_OK(unlink("old"));

  // A private mapping, then close and unlink, then the first touch.
  fd = open("mapped", O_CREAT | O_RDWR, 0644);
  CHECK_OK(ftruncate(fd, 3 * 4096));
  CHECK_EQ(pwrite(fd, "page two", 8, 2 * 4096), 8);
  char *m = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE, fd, 0);
  CHECK(m != MAP_FAILED);
  CHECK_OK(close(fd));
  CHECK_OK(unlink("mapped"));
  CHECK(memcmp(m + 2 * 4096, "page two", 8) == 0);
  CHECK_OK(munmap(m, 3 * 4096));

  int mfd = memfd_create("priv", 0);
  CHECK_OK(ftruncate(mfd, 2 * 4096));
  CHECK_EQ(pwrite(mfd, "memfd", 5, 4096), 5);
  char *p = mmap(NULL, 2 * 4096, PROT_READ, MAP_PRIVATE, mfd, 0);
  CHECK(p != MAP_FAILED);
  CHECK_OK(close(mfd));
  CHECK(memcmp(p + 4096, "memfd", 5) == 0);
  DONE();
}
