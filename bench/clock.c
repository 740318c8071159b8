// clock: the cost of clock_gettime(CLOCK_MONOTONIC) through libc (the vDSO
// where there is one). Loops N calls (argv[1], default 1000000) after a short
// warm-up and prints "ns/op <value>".
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  if (n <= 0) n = 1;
  struct timespec t;
  for (long i = 0; i < n / 10 + 1; i++) clock_gettime(CLOCK_MONOTONIC, &t);
  double t0 = now_ns();
  for (long i = 0; i < n; i++) clock_gettime(CLOCK_MONOTONIC, &t);
  double t1 = now_ns();
  printf("ns/op %.1f\n", (t1 - t0) / n);
  return 0;
}
