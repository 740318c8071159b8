// eventfd_initial: the legacy eventfd(2) call starts the counter at its argument and blocks no one when it is not zero; lseek on it succeeds and means nothing (returns 0).
#include "../common.h"
#include <stdint.h>

int main(void) {
  int fd = syscall(SYS_eventfd, 5);
  CHECK(fd >= 0);
  uint64_t v;
  CHECK_EQ(read(fd, &v, 8), 8);
  CHECK_EQ(v, 5);
  CHECK_EQ(lseek(fd, 10, SEEK_SET), 0);
  CHECK_OK(close(fd));
  DONE();
}
