// openat2_create_scoped: O_CREAT under RESOLVE_BENEATH makes the file below the dirfd and refuses a path that leaves it (EXDEV); under RESOLVE_IN_ROOT "/name" is created in the dirfd; RESOLVE_NO_SYMLINKS refuses to create through a dangling symlink (ELOOP).
#include "../common.h"
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>

static long o2(int dirfd, const char *p, unsigned long long flags, unsigned long long resolve) {
  struct open_how how = {.flags = flags, .mode = 0644, .resolve = resolve};
  return syscall(SYS_openat2, dirfd, p, &how, sizeof how);
}

int main(void) {
  CHECK_OK(mkdir("d", 0755));
  CHECK_OK(symlink("nowhere", "d/dangling"));
  int d = open("d", O_RDONLY | O_DIRECTORY);
  long fd = o2(d, "a", O_CREAT | O_WRONLY, RESOLVE_BENEATH);
  CHECK(fd >= 0);
  close(fd);
  struct stat st;
  CHECK_OK(stat("d/a", &st));
  CHECK_ERR(o2(d, "../b", O_CREAT | O_WRONLY, RESOLVE_BENEATH), EXDEV);
  CHECK_ERR(stat("b", &st), ENOENT);
  fd = o2(d, "/c", O_CREAT | O_WRONLY, RESOLVE_IN_ROOT);
  CHECK(fd >= 0);
  close(fd);
  CHECK_OK(stat("d/c", &st));
  CHECK_ERR(o2(d, "dangling", O_CREAT | O_WRONLY, RESOLVE_NO_SYMLINKS), ELOOP);
  CHECK_ERR(stat("d/nowhere", &st), ENOENT);
  fd = o2(d, "dangling", O_CREAT | O_WRONLY, 0);
  CHECK(fd >= 0);
  close(fd);
  CHECK_OK(stat("d/nowhere", &st));
  DONE();
}
