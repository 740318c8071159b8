// getppid: the cost of one trivial system call. Loops N raw getppid syscalls
// (argv[1], default 200000) after a short warm-up and prints "ns/op <value>".
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200000;
  if (n <= 0) n = 1;
  for (long i = 0; i < n / 10 + 1; i++) syscall(SYS_getppid);
  double t0 = now_ns();
  for (long i = 0; i < n; i++) syscall(SYS_getppid);
  double t1 = now_ns();
  printf("ns/op %.1f\n", (t1 - t0) / n);
  return 0;
}
