// openat_ptmx_pair: opening /dev/ptmx makes a pty whose replica is /dev/pts/N (ptsname), a character device of major 136 listed in /dev/pts, unopenable (EIO) until unlockpt; both ends are ttys and pass data both ways.
#include "../common.h"
#include "pty.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

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
