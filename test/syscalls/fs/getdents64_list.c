// getdents64_list: getdents64 with a small buffer lists a directory across calls, with . and .., then returns 0.
#include "../common.h"
#include <dirent.h>
#include <fcntl.h>

struct linux_dirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
  int fd = open("/usr/include/asm-generic", O_RDONLY | O_DIRECTORY);
  CHECK(fd >= 0);
  char *names[4096];
  int n = 0, calls = 0, regs = 0;
  char buf[256];
  for (;;) {
    long r = syscall(SYS_getdents64, fd, buf, sizeof buf);
    if (r <= 0) {
      CHECK_EQ(r, 0);
      break;
    }
    calls++;
    for (long off = 0; off < r;) {
      struct linux_dirent64 *d = (void *)(buf + off);
      if (n < 4096) names[n++] = strdup(d->d_name);
      if (d->d_type == DT_REG) regs++;
      off += d->d_reclen;
    }
  }
  CHECK(calls > 1);
  qsort(names, n, sizeof names[0], cmp);
  printf("entries: %d, regular: %d\n", n, regs);
  for (int i = 0; i < n; i++) printf("  %s\n", names[i]);
  CHECK(n >= 2 && strcmp(names[0], ".") == 0 && strcmp(names[1], "..") == 0);
  CHECK_EQ(syscall(SYS_getdents64, fd, buf, sizeof buf), 0);
  DONE();
}
