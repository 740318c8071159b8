// read_proc_self_mountinfo: mountinfo and /proc/mounts have the root and /proc (type proc) in Linux's formats, and /proc/mounts is a symlink to self/mounts.
#include "../common.h"
#include "proc.h"
#include <sys/stat.h>

static char buf[1 << 16];

int main(void) {
  CHECK(slurp("/proc/self/mountinfo", buf, sizeof buf) > 0);
  int root = 0, proc = 0, wellformed = 1;
  for (char *p = buf; *p;) {
    char *nl = strchr(p, '\n');
    if (!nl) break;
    *nl = 0;
    int id, parent;
    char dev[64], r[256], mnt[256];
    if (sscanf(p, "%d %d %63s %255s %255s", &id, &parent, dev, r, mnt) != 5 || !strchr(dev, ':')) wellformed = 0;
    char *sep = strstr(p, " - ");
    if (!sep) wellformed = 0;
    if (strcmp(mnt, "/") == 0) root = 1;
    if (strcmp(mnt, "/proc") == 0 && sep && strncmp(sep + 3, "proc ", 5) == 0) proc = 1;
    p = nl + 1;
  }
  CHECK(wellformed);
  CHECK(root);
  CHECK(proc);
  CHECK(slurp("/proc/mounts", buf, sizeof buf) > 0);
  CHECK(strstr(buf, " /proc proc ") != NULL);
  struct stat st;
  CHECK_OK(lstat("/proc/mounts", &st));
  CHECK(S_ISLNK(st.st_mode));
  char t[64];
  ssize_t n = readlink("/proc/mounts", t, sizeof t - 1);
  CHECK_EQ(n, 11);
  t[n > 0 ? n : 0] = 0;
  CHECK(strcmp(t, "self/mounts") == 0);
  DONE();
}
