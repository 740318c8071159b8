// renameat2_flags: RENAME_NOREPLACE refuses an existing target (EEXIST) and moves to a free one; RENAME_EXCHANGE swaps two names (files, or a file and a directory), and needs both (ENOENT); both flags together, or an unknown flag, are EINVAL.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

static void put(const char *p, const char *s) {
  int fd = open(p, O_CREAT | O_TRUNC | O_WRONLY, 0644);
  write(fd, s, strlen(s));
  close(fd);
}

static void show(const char *p) {
  char buf[32] = {0};
  int fd = open(p, O_RDONLY);
  if (fd < 0) { printf("%s: %s\n", p, errname(errno)); return; }
  read(fd, buf, sizeof buf - 1);
  close(fd);
  printf("%s: %s\n", p, buf);
}

static long r2(const char *a, const char *b, unsigned flags) {
  return syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, flags);
}

int main(void) {
  put("a", "A");
  put("b", "B");
  CHECK_ERR(r2("a", "b", RENAME_NOREPLACE), EEXIST);
  show("a");
  CHECK_OK(r2("a", "c", RENAME_NOREPLACE));
  show("c");
  CHECK_OK(r2("b", "c", RENAME_EXCHANGE));
  show("b");
  show("c");
  CHECK_ERR(r2("b", "missing", RENAME_EXCHANGE), ENOENT);
  CHECK_OK(mkdir("d", 0755));
  put("d/in", "IN");
  CHECK_OK(r2("d", "b", RENAME_EXCHANGE));
  show("d");
  show("b/in");
  CHECK_ERR(r2("b", "c", RENAME_EXCHANGE | RENAME_NOREPLACE), EINVAL);
  CHECK_ERR(r2("b", "c", 1u << 7), EINVAL);
  DONE();
}
