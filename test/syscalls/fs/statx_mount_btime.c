// statx_mount_btime: statx reports the basic stats whatever the mask asks, the mount id (the same for files of one mount, different across mounts), STATX_ATTR_MOUNT_ROOT on a mount's root and in the attributes mask, tmpfs's birth time and attributes mask; AT_STATX_FORCE_SYNC and DONT_SYNC are accepted, both at once or a reserved mask bit EINVAL.
// husk-tmpfs: /dev/shm
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static struct statx sx(const char *p, unsigned mask, int flags) {
  struct statx s;
  memset(&s, 0xff, sizeof s);
  if (statx(AT_FDCWD, p, flags, mask, &s))
    s.stx_mask = 0;
  return s;
}

int main(void) {
  struct statx a = sx("/proc", STATX_BASIC_STATS | STATX_MNT_ID, 0);
  CHECK((a.stx_mask & (STATX_BASIC_STATS | STATX_MNT_ID)) == (STATX_BASIC_STATS | STATX_MNT_ID));
  CHECK(a.stx_attributes & STATX_ATTR_MOUNT_ROOT);
  CHECK(a.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT);
  struct statx b = sx("/proc/self/status", STATX_MNT_ID, 0);
  CHECK(b.stx_mask & STATX_MNT_ID);
  CHECK(b.stx_mnt_id == a.stx_mnt_id);
  CHECK(!(b.stx_attributes & STATX_ATTR_MOUNT_ROOT));
  CHECK((b.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
  struct statx z = sx("/proc", 0, 0);
  CHECK((z.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);

  char dir[] = "/dev/shm/husk-statx-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CHECK_OK(chdir(dir));
  CHECK_OK(close(open("f", O_CREAT | O_WRONLY, 0644)));
  struct statx f = sx("f", STATX_ALL | STATX_MNT_ID, 0);
  struct statx d = sx(".", STATX_ALL | STATX_MNT_ID, 0);
  CHECK(f.stx_mask & STATX_BTIME);
  CHECK(f.stx_btime.tv_sec > 0);
  CHECK(f.stx_btime.tv_sec <= f.stx_mtime.tv_sec);
  CHECK(f.stx_mnt_id == d.stx_mnt_id);
  CHECK(f.stx_mnt_id != a.stx_mnt_id);
  unsigned long long want = STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND | STATX_ATTR_NODUMP | STATX_ATTR_MOUNT_ROOT;
  CHECK((f.stx_attributes_mask & want) == want);
  CHECK_EQ(f.stx_attributes & (STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND | STATX_ATTR_NODUMP), 0);
  struct stat st;
  CHECK_OK(stat("f", &st));
  CHECK(f.stx_ino == st.st_ino);
  CHECK(makedev(f.stx_dev_major, f.stx_dev_minor) == st.st_dev);
  CHECK(sx("f", STATX_BASIC_STATS, AT_STATX_FORCE_SYNC).stx_mask != 0);
  CHECK(sx("f", STATX_BASIC_STATS, AT_STATX_DONT_SYNC).stx_mask != 0);
  struct statx s;
  CHECK_ERR(statx(AT_FDCWD, "f", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, STATX_BASIC_STATS, &s), EINVAL);
  CHECK_ERR(statx(AT_FDCWD, "f", 0, 0x80000000u, &s), EINVAL);
  int fd = open("f", O_RDONLY);
  CHECK_OK(statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &s));
  CHECK(s.stx_mnt_id == f.stx_mnt_id);
  close(fd);
  CHECK_OK(unlink("f"));
  CHECK_OK(chdir("/"));
  CHECK_OK(rmdir(dir));
  DONE();
}
