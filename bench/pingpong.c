// pingpong: round trips between two parties, argv[1] = "pipe" (two
// processes, one byte each way through two pipes) or "futex" (two threads
// handing a futex word back and forth); argv[2] round trips. Prints
// "ns/op <value>" per round trip.
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long n;
static _Atomic int word;

static void fwait(int val) {
  while (atomic_load(&word) == val) syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}
static void fset(int val) {
  atomic_store(&word, val);
  syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *other(void *arg) {
  (void)arg;
  for (long i = 0; i < n; i++) {
    fwait(0); /* wait for 1 */
    fset(0);
  }
  return NULL;
}

int main(int argc, char **argv) {
  int futex = argc > 1 && strcmp(argv[1], "futex") == 0;
  n = argc > 2 ? atol(argv[2]) : 20000;
  long long start;
  if (futex) {
    pthread_t t;
    pthread_create(&t, NULL, other, NULL);
    start = now();
    for (long i = 0; i < n; i++) {
      fset(1);
      fwait(1); /* wait for 0 */
    }
    pthread_join(t, NULL);
  } else {
    int a[2], b[2];
    if (pipe(a) || pipe(b)) return 1;
    char c = 'x';
    pid_t p = fork();
    if (p == 0) {
      for (long i = 0; i < n; i++) {
        if (read(a[0], &c, 1) != 1 || write(b[1], &c, 1) != 1) _exit(1);
      }
      _exit(0);
    }
    start = now();
    for (long i = 0; i < n; i++) {
      if (write(a[1], &c, 1) != 1 || read(b[0], &c, 1) != 1) return 1;
    }
    waitpid(p, NULL, 0);
  }
  printf("ns/op %.1f\n", (double)(now() - start) / n);
  return 0;
}
