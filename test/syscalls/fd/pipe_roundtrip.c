// pipe_roundtrip: bytes written come back in order, a read with no writer left is EOF (0), a write with no reader is EPIPE when SIGPIPE is ignored, pipes do not seek (ESPIPE), pipe2 rejects unknown flags with EINVAL and EFAULT for a bad array.
#include "../common.h"
#include <fcntl.h>
#include <signal.h>

int main(void) {
  int p[2];
  char buf[16];
  CHECK_OK(pipe(p));
  CHECK_EQ(write(p[1], "hello", 5), 5);
  CHECK_EQ(read(p[0], buf, sizeof buf), 5);
  CHECK(memcmp(buf, "hello", 5) == 0);
  CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
  CHECK_ERR(pread(p[0], buf, 1, 0), ESPIPE);
  CHECK_OK(close(p[1]));
  CHECK_EQ(read(p[0], buf, sizeof buf), 0);
  CHECK_OK(close(p[0]));
  CHECK_OK(pipe2(p, O_CLOEXEC));
  CHECK_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
  CHECK_OK(close(p[0]));
  signal(SIGPIPE, SIG_IGN);
  CHECK_ERR(write(p[1], "x", 1), EPIPE);
  CHECK_OK(close(p[1]));
  CHECK_ERR(pipe2(p, 0x1), EINVAL);
  CHECK_ERR(syscall(SYS_pipe2, bad_ptr(), 0), EFAULT);
  DONE();
}
