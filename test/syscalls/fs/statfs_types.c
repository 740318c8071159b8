// statfs_types: statfs names each filesystem's type: procfs, sysfs, devpts and tmpfs (/dev/shm) by their magic; the working directory's type agrees between statfs and fstatfs; sizes are consistent; a missing path is ENOENT and a bad buffer EFAULT.
// husk-tmpfs: /dev/shm
#include "../common.h"
#include <fcntl.h>
#include <sys/statfs.h>
#include <sys/vfs.h>

int main(void) {
  struct statfs s, s2;
  CHECK_OK(statfs("/proc", &s));
  CHECK(s.f_type == 0x9fa0);
  CHECK_OK(statfs("/proc/self/status", &s));
  CHECK(s.f_type == 0x9fa0);
  CHECK_OK(statfs("/sys", &s));
  CHECK(s.f_type == 0x62656572);
  CHECK_OK(statfs("/dev/pts", &s));
  CHECK(s.f_type == 0x1cd1);
  CHECK_OK(statfs("/dev/shm", &s));
  CHECK(s.f_type == 0x01021994);
  CHECK(s.f_blocks >= s.f_bfree && s.f_bfree >= s.f_bavail);
  CHECK_EQ(s.f_namelen, 255);
  CHECK(s.f_bsize > 0 && s.f_frsize > 0);
  CHECK(s.f_flags & 0x20); // ST_VALID
  CHECK_OK(statfs(".", &s));
  int fd = open(".", O_RDONLY | O_DIRECTORY);
  CHECK_OK(fstatfs(fd, &s2));
  CHECK(s.f_type == s2.f_type);
  CHECK(s.f_bsize == s2.f_bsize);
  CHECK(s.f_blocks >= s.f_bfree && s.f_bfree >= s.f_bavail);
  CHECK_EQ(s.f_namelen, s2.f_namelen);
  CHECK(!(s.f_flags & 1));
  close(fd);
  CHECK_ERR(statfs("/nonexistent-husk", &s), ENOENT);
  CHECK_ERR(statfs(".", bad_ptr()), EFAULT);
  CHECK_ERR(statfs((char *)bad_ptr(), &s), EFAULT);
  DONE();
}
