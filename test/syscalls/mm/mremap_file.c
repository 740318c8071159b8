// mremap_file: a private file mapping grown by mremap reads the file's following pages in the new part (zero past the end of the file), keeps its private changes when moved, and a shared file mapping moved by mremap still reaches the file; growing shared anonymous memory past its size gives SIGBUS there.
#include "../common.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

static sigjmp_buf env;
static void on_bus(int sig) { siglongjmp(env, sig); }

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  const char *name = "mremap_file.dat";
  int fd = open(name, O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  unlink(name);
  for (int i = 0; i < 3; i++) {
    char b[4096];
    memset(b, 'A' + i, sizeof b);
    CHECK_EQ(write(fd, b, pg), pg);
  }
  char *p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(p != MAP_FAILED);
  p[0] = 'x';
  char *q = mremap(p, pg, 4 * pg, MREMAP_MAYMOVE);
  CHECK(q != MAP_FAILED);
  CHECK_EQ(q[0], 'x');
  CHECK_EQ(q[1], 'A');
  CHECK_EQ(q[pg], 'B');
  CHECK_EQ(q[3 * pg - 1], 'C');
  char c;
  CHECK_EQ(pread(fd, &c, 1, 0), 1);
  CHECK_EQ(c, 'A');

  char *s = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, pg);
  CHECK(s != MAP_FAILED);
  char *t = mremap(s, pg, 2 * pg, MREMAP_MAYMOVE);
  CHECK(t != MAP_FAILED);
  t[pg + 5] = 'S';
  CHECK_EQ(pread(fd, &c, 1, 2 * pg + 5), 1);
  CHECK_EQ(c, 'S');
  CHECK_OK(munmap(t, 2 * pg));

  signal(SIGBUS, on_bus);
  char *a = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK(a != MAP_FAILED);
  char *g = mremap(a, pg, 3 * pg, MREMAP_MAYMOVE);
  CHECK(g != MAP_FAILED);
  g[0] = 1;
  int sig = sigsetjmp(env, 1);
  if (sig == 0) {
    g[2 * pg] = 1;
    printf("no signal\n");
  } else {
    printf("signal %s\n", sig == SIGBUS ? "SIGBUS" : "other");
  }
  DONE();
}
