// mmap_memfd_shared: a MAP_SHARED mapping of a memfd is the file itself: a store through it is read back by read(), a write() shows through it, two mappings of the same file alias each other, and a forked child's stores through the inherited mapping are seen by the parent; MAP_PRIVATE copies do not leak into the file; a page wholly past the end raises SIGBUS.
#include "../common.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

static sigjmp_buf env;
static void on_fault(int sig) { siglongjmp(env, sig); }

int main(void) {
  int fd = memfd_create("shared", 0);
  CHECK(fd >= 0);
  CHECK_OK(ftruncate(fd, 8192));
  char *a = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  char *b = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(a != MAP_FAILED && b != MAP_FAILED && a != b);
  strcpy(a + 4096, "through a");
  CHECK(strcmp(b + 4096, "through a") == 0);
  char buf[16] = {0};
  CHECK_EQ(pread(fd, buf, 9, 4096), 9);
  CHECK(memcmp(buf, "through a", 9) == 0);
  CHECK_EQ(pwrite(fd, "written", 7, 100), 7);
  CHECK(memcmp(a + 100, "written", 7) == 0);

  char *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(priv != MAP_FAILED);
  CHECK(memcmp(priv + 100, "written", 7) == 0);
  priv[100] = 'W';
  CHECK_EQ(a[100], 'w');

  pid_t pid = fork();
  if (pid == 0) {
    strcpy(a, "from the child");
    _exit(0);
  }
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  CHECK(strcmp(b, "from the child") == 0);
  CHECK_EQ(pread(fd, buf, 14, 0), 14);
  CHECK(memcmp(buf, "from the child", 14) == 0);

  // After munmap and close the other mapping still holds the data.
  CHECK_OK(munmap(a, 8192));
  CHECK_OK(close(fd));
  CHECK(strcmp(b + 4096, "through a") == 0);

  // A page wholly past the end of the file is SIGBUS.
  int fd2 = memfd_create("short", 0);
  CHECK_OK(ftruncate(fd2, 100));
  char *c = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
  CHECK(c != MAP_FAILED);
  c[50] = 1;
  signal(SIGBUS, on_fault);
  signal(SIGSEGV, on_fault);
  int sig = sigsetjmp(env, 1);
  if (sig == 0) {
    c[4096] = 1;
    printf("FAIL: no fault past the end\n");
    return 1;
  }
  printf("faulted past the end: %s\n", sig == SIGBUS ? "SIGBUS" : "another signal");
  DONE();
}
