// openat_lowest_fd: open returns the lowest free descriptor, reusing a closed one.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int a = open("/etc/passwd", O_RDONLY);
  int b = open("/etc/passwd", O_RDONLY);
  int c = open("/etc/passwd", O_RDONLY);
  CHECK(a >= 3);
  CHECK_EQ(b, a + 1);
  CHECK_EQ(c, a + 2);
  CHECK_OK(close(b));
  CHECK_EQ(open("/etc/os-release", O_RDONLY), b);
  CHECK_EQ(open("/etc/os-release", O_RDONLY), c + 1);
  DONE();
}
