// readlink_proc_self_ns: /proc/self/ns/<kind> reads as kind:[inode], stat through it shows that inode, and a forked child is in the same namespaces.
#include "../common.h"
#include "proc.h"
#include <sys/stat.h>

static const char *kinds[] = {"pid", "mnt", "net", "uts", "ipc", "user", "cgroup", NULL};

static int check(const char *kind, unsigned long *ino) {
  char path[64], got[64], want[64];
  snprintf(path, sizeof path, "/proc/self/ns/%s", kind);
  ssize_t n = readlink(path, got, sizeof got - 1);
  if (n < 0) return 0;
  got[n] = 0;
  struct stat st;
  if (stat(path, &st) != 0) return 0;
  snprintf(want, sizeof want, "%s:[%lu]", kind, (unsigned long)st.st_ino);
  *ino = st.st_ino;
  return strcmp(got, want) == 0;
}

static unsigned long parent_ino[8];

static int child(void) {
  int same = 1;
  for (int i = 0; kinds[i]; i++) {
    unsigned long ino;
    same = same && check(kinds[i], &ino) && ino == parent_ino[i];
  }
  return same ? 0 : 1;
}

int main(void) {
  int ok = 1;
  for (int i = 0; kinds[i]; i++) ok = ok && check(kinds[i], &parent_ino[i]);
  CHECK(ok);
  CHECK_EQ(in_child(child), 0);
  struct stat l;
  CHECK_OK(lstat("/proc/self/ns/pid", &l));
  CHECK(S_ISLNK(l.st_mode));
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/ns/pid", getpid());
  unsigned long a, b;
  struct stat st;
  CHECK_OK(stat(path, &st));
  a = st.st_ino;
  check("pid", &b);
  CHECK(a == b);
  DONE();
}
