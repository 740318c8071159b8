// statfs_workdir: statfs of the working directory and of a file in it report the host filesystem's type, block sizes, name limit and total blocks and files (served by husk's gofer), the same through fstatfs.
#include "../common.h"
#include <fcntl.h>
#include <sys/vfs.h>

int main(void) {
  struct statfs a, b, c;
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  CHECK_OK(statfs(".", &a));
  CHECK_OK(statfs("f", &b));
  CHECK_OK(fstatfs(fd, &c));
  printf("type %#lx bsize %ld frsize %ld namelen %ld blocks %llu files %llu\n", (long)a.f_type, (long)a.f_bsize,
         (long)a.f_frsize, (long)a.f_namelen, (unsigned long long)a.f_blocks, (unsigned long long)a.f_files);
  CHECK(a.f_type == b.f_type && b.f_type == c.f_type);
  CHECK(a.f_blocks == c.f_blocks && a.f_bsize == c.f_bsize);
  CHECK(a.f_bavail <= a.f_bfree && a.f_bfree <= a.f_blocks);
  close(fd);
  DONE();
}
