// mremap_shared: old size 0 on a shared mapping maps the same pages a second time (anonymous shared memory and a memfd), a moved shared mapping still aliases the file, and a forked child sees the moved mapping's pages shared with its parent.
#include "../common.h"
#include <sys/mman.h>

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  char *a = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK(a != MAP_FAILED);
  a[0] = 's';
  char *b = mremap(a, 0, 2 * pg, MREMAP_MAYMOVE);
  CHECK(b != MAP_FAILED && b != a);
  CHECK_EQ(b[0], 's');
  b[pg] = 't';
  CHECK_EQ(a[pg], 't');
  CHECK(mremap(a, 0, pg, 0) == MAP_FAILED);
  CHECK_EQ(errno, ENOMEM);

  int fd = memfd_create("remap", 0);
  CHECK(fd >= 0);
  CHECK_OK(ftruncate(fd, 4 * pg));
  char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, pg);
  CHECK(m != MAP_FAILED);
  strcpy(m, "page1");
  char *n = mremap(m, 2 * pg, 3 * pg, MREMAP_MAYMOVE);
  CHECK(n != MAP_FAILED);
  CHECK(strcmp(n, "page1") == 0);
  strcpy(n + 2 * pg, "page3");
  char buf[8] = {0};
  CHECK_EQ(pread(fd, buf, 5, 3 * pg), 5);
  CHECK(strcmp(buf, "page3") == 0);
  char *dup = mremap(n, 0, pg, MREMAP_MAYMOVE);
  CHECK(dup != MAP_FAILED);
  CHECK(strcmp(dup, "page1") == 0);

  pid_t pid = fork();
  if (pid == 0) {
    b[1] = 'c';
    n[1] = 'C';
    _exit(0);
  }
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK_EQ(a[1], 'c');
  CHECK_EQ(dup[1], 'C');
  DONE();
}
