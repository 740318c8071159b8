// fsbench: file-system micro-benchmarks, one per invocation.
//   fsbench openclose PATH N   open(PATH, O_RDONLY) + close, N times: "ns/op <v>"
//   fsbench stat DIR N         stat of each of the N files DIR/f0 .. DIR/f<N-1>: "ns/op <v>"
//   fsbench write FILE MIB     sequential 1 MiB writes of MIB MiB, then fsync: "MB/s <v>"
//   fsbench read FILE          sequential 1 MiB reads to EOF: "MB/s <v>"
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static int die(const char *what) {
  perror(what);
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: fsbench openclose PATH N | stat DIR N | write FILE MIB | read FILE\n");
    return 2;
  }
  const char *mode = argv[1], *path = argv[2];
  static char buf[1 << 20];
  if (!strcmp(mode, "openclose")) {
    long n = argc > 3 ? atol(argv[3]) : 10000;
    for (long i = 0; i < n / 10 + 1; i++) close(open(path, O_RDONLY));
    double t0 = now_ns();
    for (long i = 0; i < n; i++) {
      int fd = open(path, O_RDONLY);
      if (fd < 0) return die(path);
      close(fd);
    }
    printf("ns/op %.1f\n", (now_ns() - t0) / n);
  } else if (!strcmp(mode, "stat")) {
    long n = argc > 3 ? atol(argv[3]) : 10000;
    char name[4096];
    struct stat st;
    double t0 = now_ns();
    for (long i = 0; i < n; i++) {
      snprintf(name, sizeof name, "%s/f%ld", path, i);
      if (stat(name, &st) < 0) return die(name);
    }
    printf("ns/op %.1f\n", (now_ns() - t0) / n);
  } else if (!strcmp(mode, "write")) {
    long mib = argc > 3 ? atol(argv[3]) : 256;
    memset(buf, 'x', sizeof buf);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return die(path);
    double t0 = now_ns();
    for (long i = 0; i < mib; i++)
      if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) return die("write");
    if (fsync(fd) < 0) return die("fsync");
    double dt = now_ns() - t0;
    close(fd);
    printf("MB/s %.1f\n", mib * 1048576.0 / 1e6 / (dt / 1e9));
  } else if (!strcmp(mode, "read")) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return die(path);
    double t0 = now_ns();
    long total = 0;
    for (;;) {
      ssize_t r = read(fd, buf, sizeof buf);
      if (r < 0) return die("read");
      if (r == 0) break;
      total += r;
    }
    double dt = now_ns() - t0;
    close(fd);
    printf("MB/s %.1f\n", total / 1e6 / (dt / 1e9));
  } else {
    fprintf(stderr, "fsbench: unknown mode %s\n", mode);
    return 2;
  }
  return 0;
}
