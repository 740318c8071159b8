// proc.h: helpers for the proc family: read a whole /proc file, find a line.
#ifndef HUSK_PROC_H
#define HUSK_PROC_H
#include <fcntl.h>

// slurp reads path into buf (NUL-terminated) and returns the length, or -1.
__attribute__((unused)) static long slurp(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t n = 0;
  for (;;) {
    ssize_t r = read(fd, buf + n, size - 1 - n);
    if (r < 0) { close(fd); return -1; }
    if (r == 0) break;
    n += r;
    if (n == size - 1) break;
  }
  close(fd);
  buf[n] = 0;
  return (long)n;
}

// field returns the value after "key:" (tabs and spaces skipped) in a
// status-like text, or NULL.
__attribute__((unused)) static const char *field(const char *text, const char *key) {
  size_t k = strlen(key);
  for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
    if (strncmp(p, key, k) == 0 && p[k] == ':') {
      p += k + 1;
      while (*p == ' ' || *p == '\t') p++;
      return p;
    }
  }
  return NULL;
}
#endif
