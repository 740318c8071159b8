// openat2_resolve: RESOLVE_BENEATH refuses absolute paths, absolute symlinks and ".." above the dirfd (EXDEV); RESOLVE_IN_ROOT treats the dirfd as the root for "/", ".." and absolute symlinks; RESOLVE_NO_SYMLINKS refuses any symlink followed (ELOOP) but opens one with O_PATH|O_NOFOLLOW; RESOLVE_NO_MAGICLINKS refuses /proc/self/fd/N (ELOOP) but not /proc/self; RESOLVE_NO_XDEV refuses to cross a mount (EXDEV).
#include "../common.h"
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>

static long o2(int dirfd, const char *p, unsigned long long flags, unsigned long long resolve) {
  struct open_how how = {.flags = flags, .resolve = resolve};
  return syscall(SYS_openat2, dirfd, p, &how, sizeof how);
}

static int same(long fd, int dfd, const char *path) {
  struct stat a, b;
  if (fd < 0 || fstat(fd, &a) || fstatat(dfd, path, &b, 0))
    return 0;
  close(fd);
  return a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

int main(void) {
  CHECK_OK(mkdir("d", 0755));
  CHECK_OK(mkdir("d/sub", 0755));
  CHECK_OK(close(open("d/sub/f", O_CREAT | O_WRONLY, 0644)));
  CHECK_OK(symlink("/", "d/abs"));
  CHECK_OK(symlink("..", "d/up"));
  CHECK_OK(symlink("sub", "d/in"));
  CHECK_OK(symlink("/sub/f", "d/absf"));
  int d = open("d", O_RDONLY | O_DIRECTORY);
  CHECK(d >= 0);

  CHECK(same(o2(d, "sub/f", O_RDONLY, RESOLVE_BENEATH), d, "sub/f"));
  CHECK(same(o2(d, "in/f", O_RDONLY, RESOLVE_BENEATH), d, "sub/f"));
  CHECK(same(o2(d, "sub/../in", O_RDONLY, RESOLVE_BENEATH), d, "sub"));
  CHECK_ERR(o2(d, "abs", O_RDONLY, RESOLVE_BENEATH), EXDEV);
  CHECK_ERR(o2(d, "up", O_RDONLY, RESOLVE_BENEATH), EXDEV);
  CHECK_ERR(o2(d, "../d", O_RDONLY, RESOLVE_BENEATH), EXDEV);
  CHECK_ERR(o2(d, "sub/../../d", O_RDONLY, RESOLVE_BENEATH), EXDEV);
  CHECK_ERR(o2(d, "/etc", O_RDONLY, RESOLVE_BENEATH), EXDEV);
  CHECK_ERR(o2(d, "absf", O_RDONLY, RESOLVE_BENEATH), EXDEV);

  CHECK(same(o2(d, "/sub/f", O_RDONLY, RESOLVE_IN_ROOT), d, "sub/f"));
  CHECK(same(o2(d, "absf", O_RDONLY, RESOLVE_IN_ROOT), d, "sub/f"));
  CHECK(same(o2(d, "abs", O_RDONLY, RESOLVE_IN_ROOT), d, "."));
  CHECK(same(o2(d, "up", O_RDONLY, RESOLVE_IN_ROOT), d, "."));
  CHECK(same(o2(d, "../../sub", O_RDONLY, RESOLVE_IN_ROOT), d, "sub"));
  CHECK_ERR(o2(d, "/missing", O_RDONLY, RESOLVE_IN_ROOT), ENOENT);

  CHECK_ERR(o2(d, "in/f", O_RDONLY, RESOLVE_NO_SYMLINKS), ELOOP);
  CHECK_ERR(o2(d, "in", O_RDONLY, RESOLVE_NO_SYMLINKS), ELOOP);
  long fd = o2(d, "in", O_PATH | O_NOFOLLOW, RESOLVE_NO_SYMLINKS);
  CHECK(fd >= 0);
  close(fd);
  CHECK(same(o2(d, "sub/f", O_RDONLY, RESOLVE_NO_SYMLINKS), d, "sub/f"));
  CHECK_ERR(o2(d, "in/g", O_CREAT | O_WRONLY, RESOLVE_NO_SYMLINKS), ELOOP);

  char p[64];
  snprintf(p, sizeof p, "/proc/self/fd/%d", d);
  CHECK_ERR(o2(AT_FDCWD, p, O_RDONLY, RESOLVE_NO_MAGICLINKS), ELOOP);
  CHECK_ERR(o2(AT_FDCWD, p, O_RDONLY, RESOLVE_NO_SYMLINKS), ELOOP);
  fd = o2(AT_FDCWD, p, O_RDONLY, 0);
  CHECK(fd >= 0);
  close(fd);
  fd = o2(AT_FDCWD, "/proc/self/status", O_RDONLY, RESOLVE_NO_MAGICLINKS);
  CHECK(fd >= 0);
  close(fd);
  int pr = open("/proc", O_RDONLY | O_DIRECTORY);
  CHECK_ERR(o2(pr, p + 6, O_RDONLY, RESOLVE_BENEATH), EXDEV);
  CHECK_ERR(o2(pr, p + 6, O_RDONLY, RESOLVE_IN_ROOT), EXDEV);

  CHECK_ERR(o2(AT_FDCWD, "/proc/self/status", O_RDONLY, RESOLVE_NO_XDEV), EXDEV);
  CHECK_ERR(o2(pr, "..", O_RDONLY, RESOLVE_NO_XDEV), EXDEV);
  fd = o2(pr, "self/status", O_RDONLY, RESOLVE_NO_XDEV);
  CHECK(fd >= 0);
  close(fd);
  fd = o2(d, "sub/f", O_RDONLY, RESOLVE_NO_XDEV);
  CHECK(fd >= 0);
  close(fd);
  DONE();
}
