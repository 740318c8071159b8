// openat_ptmx_pair: opening /dev/ptmx makes a pty whose replica is /dev/pts/N (ptsname), a character device of major 136 listed in /dev/pts, unopenable (EIO) until unlockpt; both ends are ttys and pass data both ways.
#include "../common.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

/* open_pair opens a new pty: *m the master, *s the replica (open flags sflags). */
static int open_pair(int *m, int *s, int sflags) {
  *m = posix_openpt(O_RDWR | O_NOCTTY);
  if (*m < 0 || grantpt(*m) || unlockpt(*m)) return -1;
  *s = open(ptsname(*m), O_RDWR | sflags);
  return *s < 0 ? -1 : 0;
}

/* read_n reads n bytes from fd, waiting up to 2 s for each part; returns how many it got. */
__attribute__((unused)) static int read_n(int fd, char *buf, int n) {
  int got = 0;
  while (got < n) {
    struct pollfd p = {fd, POLLIN, 0};
    int pr = poll(&p, 1, 2000);
    if (pr < 0 && errno == EINTR) continue;
    if (pr <= 0) break;
    int r = read(fd, buf + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += r;
  }
  return got;
}

/* expect_out reads strlen(want) bytes from fd and compares them with want. */
#define EXPECT_OUT(fd, want)                                                   \
  do {                                                                         \
    char b_[256] = {0};                                                        \
    int n_ = read_n(fd, b_, strlen(want));                                     \
    CHECK(n_ == (int)strlen(want) && memcmp(b_, want, n_) == 0);               \
  } while (0)
#include <dirent.h>
#include <sys/sysmacros.h>

int main(void) {
  int m = open("/dev/ptmx", O_RDWR | O_NOCTTY);
  CHECK(m >= 0);
  CHECK(isatty(m));
  struct stat st;
  CHECK_OK(fstat(m, &st));
  CHECK(S_ISCHR(st.st_mode) && major(st.st_rdev) == 5 && minor(st.st_rdev) == 2);
  CHECK_OK(grantpt(m));
  char *name = ptsname(m);
  CHECK(name != NULL && strncmp(name, "/dev/pts/", 9) == 0);
  char path[64];
  snprintf(path, sizeof path, "%s", name);
  CHECK_ERR(open(path, O_RDWR | O_NOCTTY), EIO);
  CHECK_OK(unlockpt(m));
  int s = open(path, O_RDWR | O_NOCTTY);
  CHECK(s >= 0);
  CHECK(isatty(s));
  CHECK_OK(stat(path, &st));
  CHECK(S_ISCHR(st.st_mode));
  CHECK_EQ(major(st.st_rdev), 136);
  CHECK_EQ(minor(st.st_rdev), atoi(path + 9));
  CHECK_EQ(st.st_uid, geteuid());
  struct stat fst;
  CHECK_OK(fstat(s, &fst));
  CHECK(fst.st_rdev == st.st_rdev && fst.st_ino == st.st_ino && fst.st_dev == st.st_dev);
  char tn[64] = {0};
  CHECK_EQ(ttyname_r(s, tn, sizeof tn), 0);
  CHECK(strcmp(tn, path) == 0);
  int listed = 0, ptmx = 0;
  DIR *d = opendir("/dev/pts");
  CHECK(d != NULL);
  for (struct dirent *e; d && (e = readdir(d));) {
    if (strcmp(e->d_name, path + 9) == 0) listed++;
    if (strcmp(e->d_name, "ptmx") == 0) ptmx++;
  }
  if (d) closedir(d);
  CHECK_EQ(listed, 1);
  CHECK_EQ(ptmx, 1);
  CHECK_EQ(write(m, "ping\n", 5), 5);
  char buf[16] = {0};
  CHECK_EQ(read(s, buf, sizeof buf), 5);
  CHECK(memcmp(buf, "ping\n", 5) == 0);
  EXPECT_OUT(m, "ping\r\n");
  CHECK_EQ(write(s, "pong\n", 5), 5);
  EXPECT_OUT(m, "pong\r\n");
  CHECK_ERR(lseek(s, 0, SEEK_SET), ESPIPE);
  CHECK_ERR(lseek(m, 0, SEEK_SET), ESPIPE);
  CHECK_OK(close(s));
  CHECK_OK(close(m));
  DONE();
}
