// eventfd2_counter: writes add to the counter and a read takes all of it; EFD_SEMAPHORE reads take one at a time; a nonblocking read of zero is EAGAIN; buffers under 8 bytes and the value 2^64-1 are EINVAL; unknown flags are EINVAL; EFD_CLOEXEC sets FD_CLOEXEC.
#include "../common.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/eventfd.h>

int main(void) {
  int fd = syscall(SYS_eventfd2, 3, EFD_NONBLOCK | EFD_CLOEXEC);
  CHECK(fd >= 0);
  CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
  uint64_t v = 4;
  CHECK_EQ(write(fd, &v, 8), 8);
  CHECK_EQ(read(fd, &v, 8), 8);
  CHECK_EQ(v, 7);
  CHECK_ERR(read(fd, &v, 8), EAGAIN);
  CHECK_ERR(read(fd, &v, 4), EINVAL);
  v = UINT64_MAX;
  CHECK_ERR(write(fd, &v, 8), EINVAL);
  CHECK_OK(close(fd));
  int sem = syscall(SYS_eventfd2, 2, EFD_SEMAPHORE | EFD_NONBLOCK);
  CHECK(sem >= 0);
  CHECK_EQ(read(sem, &v, 8), 8);
  CHECK_EQ(v, 1);
  CHECK_EQ(read(sem, &v, 8), 8);
  CHECK_EQ(v, 1);
  CHECK_ERR(read(sem, &v, 8), EAGAIN);
  CHECK_ERR(syscall(SYS_eventfd2, 0, 0x10), EINVAL);
  DONE();
}
