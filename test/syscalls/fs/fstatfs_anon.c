// fstatfs_anon: fstatfs of files with no name: a pipe is pipefs, an eventfd anon_inodefs, a memfd tmpfs; an O_PATH fd works; a bad fd is EBADF.
#include "../common.h"
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/vfs.h>

int main(void) {
  struct statfs s;
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_OK(fstatfs(p[0], &s));
  CHECK(s.f_type == 0x50495045);
  int e = eventfd(0, 0);
  CHECK_OK(fstatfs(e, &s));
  CHECK(s.f_type == 0x09041934);
  int m = memfd_create("x", 0);
  CHECK_OK(fstatfs(m, &s));
  CHECK(s.f_type == 0x01021994);
  int o = open("/proc", O_PATH);
  CHECK_OK(fstatfs(o, &s));
  CHECK(s.f_type == 0x9fa0);
  CHECK_ERR(fstatfs(999, &s), EBADF);
  CHECK_ERR(fstatfs(p[0], bad_ptr()), EFAULT);
  DONE();
}
