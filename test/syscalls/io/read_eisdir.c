// read_eisdir: read on a directory fd fails with EISDIR.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int fd = open("/etc", O_RDONLY | O_DIRECTORY);
  CHECK(fd >= 0);
  char buf[16];
  CHECK_ERR(read(fd, buf, sizeof buf), EISDIR);
  DONE();
}
