// splice_errors: a zero length returns 0 before anything is checked; unknown flags, no pipe at either end, one pipe at both ends, an O_APPEND output or /dev/full, a directory or /dev/null as input and a negative offset are EINVAL; an offset for a pipe is ESPIPE; wrong ends and bad fds are EBADF; a pipe with no reader is EPIPE.
#include "../common.h"
#include <fcntl.h>
#include <signal.h>

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  int f = open("data", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_EQ(write(f, "0123456789", 10), 10);
  int wo = open("data", O_WRONLY), ro = open("data", O_RDONLY), app = open("data", O_WRONLY | O_APPEND);
  int dir = open(".", O_RDONLY), null = open("/dev/null", O_RDONLY), path = open("data", O_PATH);
  int p[2], q[2];
  CHECK_OK(pipe2(p, O_NONBLOCK));
  CHECK_OK(pipe2(q, O_NONBLOCK));
  loff_t off = 0;
  CHECK_EQ(splice(-1, NULL, -1, NULL, 0, 0), 0);
  CHECK_ERR(splice(p[0], NULL, q[1], NULL, 5, 64), EINVAL);
  CHECK_ERR(splice(f, NULL, wo, NULL, 5, 0), EINVAL);
  CHECK_ERR(splice(p[0], NULL, p[1], NULL, 5, 0), EINVAL);
  CHECK_EQ(write(p[1], "ab", 2), 2);
  CHECK_ERR(splice(p[0], NULL, app, NULL, 5, 0), EINVAL);
  int full = open("/dev/full", O_WRONLY);
  CHECK_ERR(splice(p[0], NULL, full, NULL, 5, 0), EINVAL);
  CHECK_ERR(splice(dir, NULL, p[1], NULL, 5, 0), EINVAL);
  CHECK_ERR(splice(null, NULL, p[1], NULL, 5, 0), EINVAL);
  off = -1;
  CHECK_ERR(splice(f, &off, p[1], NULL, 5, 0), EINVAL);
  off = 0;
  CHECK_ERR(splice(p[0], &off, f, NULL, 5, 0), ESPIPE);
  CHECK_ERR(splice(f, &off, p[1], &off, 5, 0), ESPIPE);
  CHECK_ERR(splice(p[1], NULL, q[1], NULL, 5, 0), EBADF);
  CHECK_ERR(splice(p[0], NULL, q[0], NULL, 5, 0), EBADF);
  CHECK_ERR(splice(wo, NULL, p[1], NULL, 5, 0), EBADF);
  CHECK_ERR(splice(p[0], NULL, ro, NULL, 5, 0), EBADF);
  CHECK_ERR(splice(path, NULL, p[1], NULL, 5, 0), EBADF);
  CHECK_ERR(splice(-1, NULL, p[1], NULL, 5, 0), EBADF);
  CHECK_ERR(splice(f, &off, -1, NULL, 5, 0), EBADF);
  CHECK_ERR(splice(f, bad_ptr(), p[1], NULL, 5, 0), EFAULT);
  close(q[0]);
  CHECK_ERR(splice(p[0], NULL, q[1], NULL, 5, 0), EPIPE);
  CHECK_ERR(splice(f, &off, q[1], NULL, 5, 0), EPIPE);
  DONE();
}
