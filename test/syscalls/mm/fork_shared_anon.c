// fork_shared_anon: MAP_SHARED|MAP_ANONYMOUS memory stays shared across fork both ways, including pages first touched after the fork, while private memory next to it does not.
#include "../common.h"
#include <sys/mman.h>

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  char *s = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  char *p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(s != MAP_FAILED && p != MAP_FAILED);
  s[0] = 'a';
  p[0] = 'a';
  int c2p[2], p2c[2];
  CHECK_OK(pipe(c2p));
  CHECK_OK(pipe(p2c));
  pid_t pid = fork();
  if (pid == 0) {
    char x;
    s[0] = 'b';
    s[3 * pg] = 'c'; // never touched before fork
    p[0] = 'z';
    if (write(c2p[1], "w", 1) != 1 || read(p2c[0], &x, 1) != 1) _exit(1);
    _exit(s[2 * pg] == 'P' ? 0 : 2);
  }
  char x;
  CHECK_EQ(read(c2p[0], &x, 1), 1);
  CHECK_EQ(s[0], 'b');
  CHECK_EQ(s[3 * pg], 'c');
  CHECK_EQ(p[0], 'a');
  s[2 * pg] = 'P';
  CHECK_EQ(write(p2c[1], "g", 1), 1);
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  DONE();
}
