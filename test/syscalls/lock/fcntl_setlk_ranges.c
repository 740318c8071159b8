// fcntl_setlk_ranges: unlocking the middle of a lock splits it, adjacent locks of one type merge, a type change in the middle splits three ways, as F_GETLK from another process shows; l_whence SEEK_CUR and SEEK_END and a negative l_len place the range.
#include "../common.h"
#include <fcntl.h>

static int fd;

static int lk(int f, short type, short whence, off_t start, off_t len) {
  struct flock fl = {.l_type = type, .l_whence = whence, .l_start = start, .l_len = len};
  return fcntl(f, F_SETLK, &fl);
}

// show prints, from a child, the lock that conflicts with a write lock of [start, start+len).
static off_t q_start, q_len;
static int query(void) {
  int f = open("lockfile", O_RDWR);
  struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = q_start, .l_len = q_len};
  if (fcntl(f, F_GETLK, &fl) != 0) return 99;
  const char *t = fl.l_type == F_UNLCK ? "unlocked" : fl.l_type == F_RDLCK ? "read" : "write";
  if (fl.l_type == F_UNLCK)
    printf("[%lld,+%lld): %s\n", (long long)q_start, (long long)q_len, t);
  else
    printf("[%lld,+%lld): %s start %lld len %lld\n", (long long)q_start, (long long)q_len, t,
           (long long)fl.l_start, (long long)fl.l_len);
  return 0;
}
static void show(off_t start, off_t len) {
  q_start = start;
  q_len = len;
  CHECK_EQ(in_child(query), 0);
}

int main(void) {
  fd = open("lockfile", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK_OK(lk(fd, F_WRLCK, SEEK_SET, 0, 100));
  CHECK_OK(lk(fd, F_UNLCK, SEEK_SET, 40, 20));
  show(40, 20);
  show(30, 11);
  show(59, 11);
  CHECK_OK(lk(fd, F_UNLCK, SEEK_SET, 0, 0));
  show(0, 0);
  CHECK_OK(lk(fd, F_RDLCK, SEEK_SET, 0, 10));
  CHECK_OK(lk(fd, F_RDLCK, SEEK_SET, 10, 10));
  show(0, 1);
  CHECK_OK(lk(fd, F_WRLCK, SEEK_SET, 5, 5));
  show(0, 1);
  show(7, 1);
  show(12, 100);
  CHECK_OK(lk(fd, F_UNLCK, SEEK_SET, 0, 0));
  // SEEK_CUR, SEEK_END and a negative length.
  CHECK_EQ(write(fd, "0123456789", 10), 10);
  CHECK_EQ(lseek(fd, 4, SEEK_SET), 4);
  CHECK_OK(lk(fd, F_WRLCK, SEEK_CUR, 2, 3)); // [6,9)
  show(0, 7);
  CHECK_OK(lk(fd, F_UNLCK, SEEK_SET, 0, 0));
  CHECK_OK(lk(fd, F_WRLCK, SEEK_END, -3, 0)); // [7,EOF)
  show(0, 0);
  CHECK_OK(lk(fd, F_UNLCK, SEEK_SET, 0, 0));
  CHECK_OK(lk(fd, F_WRLCK, SEEK_SET, 5, -3)); // [2,5)
  show(0, 0);
  DONE();
}
