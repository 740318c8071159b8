// readlink_symlink: readlink returns a symlink's target without a NUL, truncated to the buffer.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  char buf[64];
  memset(buf, '#', sizeof buf);
  long n = readlink("/etc/os-release", buf, sizeof buf);
  CHECK_EQ(n, 21);
  CHECK_EQ(buf[n], '#');
  printf("/etc/os-release -> %.*s\n", (int)n, buf);
  n = readlink("/bin", buf, sizeof buf);
  CHECK_EQ(n, 7);
  printf("/bin -> %.*s\n", (int)n, buf);
  memset(buf, '#', sizeof buf);
  CHECK_EQ(readlink("/etc/os-release", buf, 3), 3);
  printf("truncated: %.4s\n", buf);
  int dfd = open("/", O_RDONLY | O_DIRECTORY);
  n = readlinkat(dfd, "bin", buf, sizeof buf);
  CHECK_EQ(n, 7);
  printf("readlinkat(/, bin) -> %.*s\n", (int)n, buf);
  DONE();
}
