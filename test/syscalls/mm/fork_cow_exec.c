// fork_cow_exec: a child that execs right after fork leaves its parent's memory intact, and the parent's writes after the child exec'd and exited (its pages no longer shared) are kept; repeated many times.
#include "../common.h"
#include <sys/mman.h>

int main(int argc, char **argv) {
  if (argc > 1) return 7; // the exec'd child
  long pg = sysconf(_SC_PAGESIZE);
  char *m = mmap(NULL, 64 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED);
  int bad = 0;
  for (int round = 0; round < 20; round++) {
    for (int i = 0; i < 64; i++) m[i * pg] = (char)(round + i);
    pid_t pid = fork();
    if (pid == 0) {
      execl("/proc/self/exe", argv[0], "child", (char *)NULL);
      _exit(99);
    }
    // Write while the child may not have exec'd yet.
    for (int i = 0; i < 64; i += 2) m[i * pg + 1] = (char)round;
    int st;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 7) bad++;
    for (int i = 0; i < 64; i++) {
      if (m[i * pg] != (char)(round + i)) bad++;
      if (i % 2 == 0 && m[i * pg + 1] != (char)round) bad++;
    }
    for (int i = 1; i < 64; i += 2) m[i * pg + 1] = (char)(round + 1);
    for (int i = 1; i < 64; i += 2) bad += m[i * pg + 1] != (char)(round + 1);
  }
  CHECK_EQ(bad, 0);
  DONE();
}
