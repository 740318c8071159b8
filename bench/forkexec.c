// forkexec: the cost of fork + execve of a static binary + wait, looped
// (argv[1] iterations, argv[2] the static binary); prints "ns/op <value>".
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200;
  char *prog = argc > 2 ? argv[2] : "/bin/true";
  long long start = now();
  for (long i = 0; i < n; i++) {
    pid_t p = fork();
    if (p == 0) {
      execl(prog, prog, (char *)NULL);
      _exit(127);
    }
    int st;
    if (waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
      fprintf(stderr, "child failed\n");
      return 1;
    }
  }
  printf("ns/op %.1f\n", (double)(now() - start) / n);
  return 0;
}
