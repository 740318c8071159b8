// fork_cow_isolated: after fork, parent and child each see the memory as it was at fork and their own later writes, never the other's: heap, stack, globals, bss and a mapping, written before and after fork by both, including pages neither touched before fork.
#include "../common.h"
#include <sys/mman.h>

static char global[8192] = "global";
static char bss[3 * 4096];

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  char stack[64] = "stack";
  char *heap = malloc(100000);
  strcpy(heap, "heap");
  char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED);
  strcpy(m, "map0");
  strcpy(bss, "bss");
  int p2c[2], c2p[2];
  CHECK_OK(pipe(p2c));
  CHECK_OK(pipe(c2p));
  pid_t pid = fork();
  if (pid == 0) {
    char x;
    // The child writes first; then waits for the parent's writes.
    strcpy(global, "child");
    strcpy(heap, "CHILD");
    strcpy(stack, "cstack");
    strcpy(m + 2 * pg, "cmap2"); // untouched before fork
    strcpy(bss + pg, "cbss");
    if (write(c2p[1], "w", 1) != 1 || read(p2c[0], &x, 1) != 1) _exit(10);
    int bad = 0;
    bad |= strcmp(global, "child") != 0;
    bad |= strcmp(heap, "CHILD") != 0;
    bad |= strcmp(stack, "cstack") != 0;
    bad |= strcmp(m, "map0") != 0;
    bad |= strcmp(m + 2 * pg, "cmap2") != 0;
    bad |= m[3 * pg] != 0;
    bad |= strcmp(bss, "bss") != 0;
    bad |= strcmp(bss + pg, "cbss") != 0;
    _exit(bad);
  }
  char x;
  CHECK_EQ(read(c2p[0], &x, 1), 1);
  // The child's writes are not seen here.
  CHECK(strcmp(global, "global") == 0);
  CHECK(strcmp(heap, "heap") == 0);
  CHECK(strcmp(stack, "stack") == 0);
  CHECK_EQ(m[2 * pg], 0);
  CHECK_EQ(bss[pg], 0);
  strcpy(m, "PARENT");
  strcpy(m + 3 * pg, "pmap3");
  strcpy(global, "parent");
  CHECK_EQ(write(p2c[1], "g", 1), 1);
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st));
  CHECK_EQ(WEXITSTATUS(st), 0);
  CHECK(strcmp(m, "PARENT") == 0);
  CHECK(strcmp(global, "parent") == 0);
  DONE();
}
