// openat2_how: openat2 checks its struct open_how as Linux does: too small is EINVAL, larger than a page E2BIG, nonzero bytes past the known fields E2BIG (zero ones are fine), unknown flags or resolve bits EINVAL, a mode without O_CREAT EINVAL, BENEATH with IN_ROOT EINVAL, O_PATH with O_RDWR EINVAL, RESOLVE_CACHED with O_CREAT EAGAIN; a bad pointer is EFAULT.
#include "../common.h"
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>

static long o2(int dirfd, const char *p, void *how, size_t size) {
  return syscall(SYS_openat2, dirfd, p, how, size);
}

int main(void) {
  struct open_how how = {.flags = O_RDONLY};
  long fd = o2(AT_FDCWD, ".", &how, sizeof how);
  CHECK(fd >= 0);
  close(fd);
  CHECK_ERR(o2(AT_FDCWD, ".", &how, 16), EINVAL);
  CHECK_ERR(o2(AT_FDCWD, ".", &how, 0), EINVAL);
  static char big[8192];
  memcpy(big, &how, sizeof how);
  CHECK_ERR(o2(AT_FDCWD, ".", big, 4097), E2BIG);
  fd = o2(AT_FDCWD, ".", big, 64); // zero padding: fine
  CHECK(fd >= 0);
  close(fd);
  big[40] = 1;
  CHECK_ERR(o2(AT_FDCWD, ".", big, 64), E2BIG);
  how.flags = 1ULL << 40;
  CHECK_ERR(o2(AT_FDCWD, ".", &how, sizeof how), EINVAL);
  how.flags = O_RDONLY;
  how.resolve = 0x1000;
  CHECK_ERR(o2(AT_FDCWD, ".", &how, sizeof how), EINVAL);
  how.resolve = RESOLVE_BENEATH | RESOLVE_IN_ROOT;
  CHECK_ERR(o2(AT_FDCWD, ".", &how, sizeof how), EINVAL);
  how.resolve = 0;
  how.mode = 0644;
  CHECK_ERR(o2(AT_FDCWD, ".", &how, sizeof how), EINVAL);
  how.flags = O_CREAT | O_WRONLY;
  how.mode = 010000;
  CHECK_ERR(o2(AT_FDCWD, "f", &how, sizeof how), EINVAL);
  how.mode = 0640;
  fd = o2(AT_FDCWD, "f", &how, sizeof how);
  CHECK(fd >= 0);
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_mode & 0777, 0640 & ~umask(022));
  close(fd);
  how.flags = O_PATH | O_RDWR;
  how.mode = 0;
  CHECK_ERR(o2(AT_FDCWD, "f", &how, sizeof how), EINVAL);
  how.flags = O_PATH | O_NOFOLLOW | O_CLOEXEC;
  fd = o2(AT_FDCWD, "f", &how, sizeof how);
  CHECK(fd >= 0);
  close(fd);
  how.flags = O_CREAT | O_RDWR;
  how.resolve = RESOLVE_CACHED;
  CHECK_ERR(o2(AT_FDCWD, "g", &how, sizeof how), EAGAIN);
  how.flags = O_RDONLY;
  how.resolve = 0;
  CHECK_ERR(o2(AT_FDCWD, ".", bad_ptr(), sizeof how), EFAULT);
  CHECK_ERR(o2(AT_FDCWD, bad_ptr(), &how, sizeof how), EFAULT);
  CHECK_ERR(o2(AT_FDCWD, "missing", &how, sizeof how), ENOENT);
  CHECK_ERR(o2(AT_FDCWD, "", &how, sizeof how), ENOENT);
  DONE();
}
