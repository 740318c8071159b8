// timeit: start-to-exit wall time of a command. `timeit N CMD [ARG...]` runs CMD
// once to warm up, then N times, each with stdout on /dev/null and stderr
// inherited, and prints "median_us <m> min_us <a> max_us <b>". If any run exits
// non-zero (or dies of a signal) it prints "error <status>" and exits 1.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int run_once(char **argv, double *us) {
  double t0 = now_us();
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int fd = open("/dev/null", O_RDWR);
    if (fd >= 0) {
      dup2(fd, 0);
      dup2(fd, 1);
    }
    execvp(argv[0], argv);
    _exit(127);
  }
  int st;
  if (waitpid(pid, &st, 0) < 0) return -1;
  *us = now_us() - t0;
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  return WEXITSTATUS(st);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: timeit N CMD [ARG...]\n");
    return 2;
  }
  int n = atoi(argv[1]);
  if (n < 1) n = 1;
  double *t = calloc(n, sizeof *t), warm;
  int st = run_once(argv + 2, &warm);
  for (int i = 0; i < n && st == 0; i++) st = run_once(argv + 2, &t[i]);
  if (st != 0) {
    printf("error %d\n", st);
    return 1;
  }
  qsort(t, n, sizeof *t, cmp);
  printf("median_us %.1f min_us %.1f max_us %.1f\n", t[n / 2], t[0], t[n - 1]);
  return 0;
}
