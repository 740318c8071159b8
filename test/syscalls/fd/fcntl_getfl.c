// fcntl_getfl: F_GETFL reports the access mode and status flags given to open.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int fd = open("/etc/passwd", O_RDONLY);
  CHECK(fd >= 0);
  int fl = fcntl(fd, F_GETFL);
  CHECK((fl & O_ACCMODE) == O_RDONLY);
  CHECK((fl & O_NONBLOCK) == 0);
  int fd2 = open("/etc/passwd", O_RDONLY | O_NONBLOCK);
  fl = fcntl(fd2, F_GETFL);
  CHECK((fl & O_NONBLOCK) != 0);
  CHECK_EQ(fcntl(fd2, F_SETFL, 0), 0);
  CHECK((fcntl(fd2, F_GETFL) & O_NONBLOCK) == 0);
  int d = dup(fd);
  CHECK_EQ(fcntl(fd, F_SETFL, O_NONBLOCK), 0);
  CHECK((fcntl(d, F_GETFL) & O_NONBLOCK) != 0);
  fl = fcntl(1, F_GETFL);
  CHECK((fl & O_ACCMODE) != O_RDONLY);
  DONE();
}
