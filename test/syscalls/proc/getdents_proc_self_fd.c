// getdents_proc_self_fd: /proc/self/fd lists the open descriptors (0, 1, 2 and a new one, not a closed one), and fdinfo lists the same.
#include "../common.h"
#include "proc.h"
#include <dirent.h>

static int listed(const char *dir, int fd) {
  DIR *d = opendir(dir);
  if (!d) return -1;
  int found = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    char *end;
    long n = strtol(e->d_name, &end, 10);
    if (*end == 0 && n == fd) found = 1;
  }
  closedir(d);
  return found;
}

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 3);
  int high = fcntl(fd, F_DUPFD, 100);
  CHECK(high >= 100);
  CHECK_EQ(listed("/proc/self/fd", 0), 1);
  CHECK_EQ(listed("/proc/self/fd", 1), 1);
  CHECK_EQ(listed("/proc/self/fd", 2), 1);
  CHECK_EQ(listed("/proc/self/fd", fd), 1);
  CHECK_EQ(listed("/proc/self/fd", high), 1);
  CHECK_EQ(listed("/proc/self/fdinfo", high), 1);
  close(high);
  CHECK_EQ(listed("/proc/self/fd", high), 0);
  CHECK_EQ(listed("/proc/self/fdinfo", high), 0);
  // Entries are symlinks; "." and ".." are directories.
  DIR *d = opendir("/proc/self/fd");
  CHECK(d != NULL);
  int links = 1, dots = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
      dots += e->d_type == DT_DIR;
      continue;
    }
    links = links && e->d_type == DT_LNK;
  }
  closedir(d);
  CHECK(links);
  CHECK_EQ(dots, 2);
  DONE();
}
