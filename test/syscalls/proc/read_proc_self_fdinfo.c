// read_proc_self_fdinfo: /proc/self/fdinfo/N shows the file's offset (pos), its flags in octal (access mode, O_APPEND, O_CLOEXEC) and a mnt_id line.
#include "../common.h"
#include "proc.h"

static char buf[1024];

static const char *info(int fd) {
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
  if (slurp(path, buf, sizeof buf) <= 0) return "";
  return buf;
}

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
  CHECK(fd >= 0);
  CHECK_EQ(lseek(fd, 5, SEEK_SET), 5);
  const char *t = info(fd);
  CHECK(field(t, "pos") && atol(field(t, "pos")) == 5);
  CHECK(field(t, "flags") != NULL);
  long fl = strtol(field(t, "flags"), NULL, 8);
  CHECK_EQ(fl & O_ACCMODE, O_RDONLY);
  CHECK_EQ(fl & O_CLOEXEC, O_CLOEXEC);
  CHECK(field(t, "mnt_id") != NULL);
  fcntl(fd, F_SETFD, 0);
  t = info(fd);
  CHECK_EQ(strtol(field(t, "flags"), NULL, 8) & O_CLOEXEC, 0);
  int w = open("/dev/null", O_WRONLY | O_APPEND);
  t = info(w);
  fl = strtol(field(t, "flags"), NULL, 8);
  CHECK_EQ(fl & O_ACCMODE, O_WRONLY);
  CHECK_EQ(fl & O_APPEND, O_APPEND);
  int p[2];
  CHECK_OK(pipe2(p, O_NONBLOCK));
  t = info(p[0]);
  CHECK_EQ(atol(field(t, "pos")), 0);
  CHECK_EQ(strtol(field(t, "flags"), NULL, 8) & O_NONBLOCK, O_NONBLOCK);
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fdinfo/%d", 12345);
  CHECK_ERR(open(path, O_RDONLY), ENOENT);
  DONE();
}
