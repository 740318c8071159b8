// fcntl_setlk_errors: record locks need the access mode their type needs (EBADF), a valid type and whence and a range inside the file's offsets (EINVAL, EOVERFLOW), a good pointer (EFAULT); a bad fd and an O_PATH fd are EBADF.
#include "../common.h"
#include <fcntl.h>

static struct flock fl(short type, short whence, off_t start, off_t len) {
  struct flock f = {.l_type = type, .l_whence = whence, .l_start = start, .l_len = len};
  return f;
}

int main(void) {
  int fd = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_EQ(write(fd, "0123456789", 10), 10);
  int ro = open("lockfile", O_RDONLY), wo = open("lockfile", O_WRONLY), path = open("lockfile", O_PATH);
  struct flock f;
  f = fl(F_WRLCK, SEEK_SET, 0, 0);
  CHECK_ERR(fcntl(ro, F_SETLK, &f), EBADF);
  f = fl(F_RDLCK, SEEK_SET, 0, 0);
  CHECK_ERR(fcntl(wo, F_SETLK, &f), EBADF);
  CHECK_ERR(fcntl(path, F_SETLK, &f), EBADF);
  CHECK_ERR(fcntl(-1, F_SETLK, &f), EBADF);
  CHECK_OK(fcntl(ro, F_GETLK, &f)); // F_GETLK needs no access mode
  f = fl(7, SEEK_SET, 0, 0);
  CHECK_ERR(fcntl(fd, F_SETLK, &f), EINVAL);
  CHECK_ERR(fcntl(fd, F_GETLK, &f), EINVAL);
  f = fl(F_UNLCK, SEEK_SET, 0, 0);
  CHECK_ERR(fcntl(fd, F_GETLK, &f), EINVAL);
  f = fl(F_RDLCK, 5, 0, 0);
  CHECK_ERR(fcntl(fd, F_SETLK, &f), EINVAL);
  f = fl(F_WRLCK, 9, 0, 0);
  CHECK_ERR(fcntl(ro, F_SETLK, &f), EINVAL); // the range is checked before the access mode
  f = fl(7, SEEK_SET, 5, 0x7fffffffffffffffLL);
  CHECK_ERR(fcntl(fd, F_SETLK, &f), EOVERFLOW); // and before the type
  f = fl(F_RDLCK, SEEK_SET, -1, 0);
  CHECK_ERR(fcntl(fd, F_SETLK, &f), EINVAL);
  f = fl(F_RDLCK, SEEK_SET, 5, -6);
  CHECK_ERR(fcntl(fd, F_SETLK, &f), EINVAL);
  f = fl(F_RDLCK, SEEK_END, -11, 0);
  CHECK_ERR(fcntl(fd, F_SETLK, &f), EINVAL);
  f = fl(F_RDLCK, SEEK_END, -10, 0);
  CHECK_OK(fcntl(fd, F_SETLK, &f));
  f = fl(F_RDLCK, SEEK_SET, 5, 0x7fffffffffffffffLL);
  CHECK_ERR(fcntl(fd, F_SETLK, &f), EOVERFLOW);
  f = fl(F_RDLCK, SEEK_SET, 0, 0x7fffffffffffffffLL);
  CHECK_OK(fcntl(fd, F_SETLK, &f));
  CHECK_ERR(fcntl(fd, F_SETLK, bad_ptr()), EFAULT);
  CHECK_ERR(fcntl(fd, F_GETLK, bad_ptr()), EFAULT);
  CHECK_ERR(fcntl(fd, F_SETLKW, bad_ptr()), EFAULT);
  DONE();
}
