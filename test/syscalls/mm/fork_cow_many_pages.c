// fork_cow_many_pages: 8 MiB of patterned memory survives fork intact in both processes: the child rewrites every page and checks its own copy, the parent checks that its copy is unchanged and then rewrites it; nested forks (a grandchild) too.
#include "../common.h"
#include <sys/mman.h>

#define N (8 << 20)

static unsigned sum(const unsigned char *p, unsigned salt) {
  unsigned bad = 0;
  for (long i = 0; i < N; i += 512) bad += p[i] != (unsigned char)(i / 512 + salt);
  return bad;
}
static void fill(unsigned char *p, unsigned salt) {
  for (long i = 0; i < N; i += 512) p[i] = (unsigned char)(i / 512 + salt);
}

int main(void) {
  unsigned char *p = mmap(NULL, N, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  fill(p, 1);
  pid_t pid = fork();
  if (pid == 0) {
    if (sum(p, 1) != 0) _exit(1);
    fill(p, 2);
    if (sum(p, 2) != 0) _exit(2);
    pid_t g = fork();
    if (g == 0) {
      if (sum(p, 2) != 0) _exit(3);
      fill(p, 3);
      _exit(sum(p, 3) != 0 ? 4 : 0);
    }
    int st;
    if (waitpid(g, &st, 0) != g || !WIFEXITED(st) || WEXITSTATUS(st) != 0) _exit(5);
    _exit(sum(p, 2) != 0 ? 6 : 0);
  }
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st));
  CHECK_EQ(WEXITSTATUS(st), 0);
  CHECK_EQ(sum(p, 1), 0);
  fill(p, 9);
  CHECK_EQ(sum(p, 9), 0);
  DONE();
}
