// sendfile_errors: a bad or unreadable in_fd and a bad or unwritable out_fd are EBADF; a pipe, directory or /dev/null as in_fd, /dev/full as out_fd, a negative offset and an O_APPEND out_fd are EINVAL; an offset for a pipe is ESPIPE; a bad offset pointer is EFAULT; a pipe with no reader is EPIPE.
#include "../common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/sendfile.h>

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  int f = open("src", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_EQ(write(f, "hello", 5), 5);
  int wo = open("src", O_WRONLY), ro = open("src", O_RDONLY), path = open("src", O_PATH);
  int app = open("src", O_WRONLY | O_APPEND), dir = open(".", O_RDONLY);
  int p[2];
  CHECK_OK(pipe(p));
  off_t off = 0;
  CHECK_ERR(sendfile(p[1], -1, NULL, 1), EBADF);
  CHECK_ERR(sendfile(-1, ro, NULL, 1), EBADF);
  CHECK_ERR(sendfile(p[1], wo, NULL, 1), EBADF);
  CHECK_ERR(sendfile(p[1], path, NULL, 1), EBADF);
  CHECK_ERR(sendfile(ro, f, &off, 1), EBADF);
  CHECK_ERR(sendfile(p[0], f, &off, 1), EBADF);
  CHECK_ERR(sendfile(p[1], p[0], NULL, 1), EINVAL);
  CHECK_ERR(sendfile(p[1], dir, NULL, 1), EINVAL);
  CHECK_ERR(sendfile(app, ro, &off, 1), EINVAL);
  int null = open("/dev/null", O_RDONLY), full = open("/dev/full", O_WRONLY);
  CHECK_ERR(sendfile(p[1], null, NULL, 1), EINVAL);
  CHECK_ERR(sendfile(full, ro, &off, 1), EINVAL);
  off = -1;
  CHECK_ERR(sendfile(p[1], ro, &off, 1), EINVAL);
  off = 0;
  CHECK_ERR(sendfile(p[1], p[0], &off, 1), ESPIPE);
  CHECK_ERR(sendfile(p[1], ro, bad_ptr(), 1), EFAULT);
  close(p[0]);
  CHECK_ERR(sendfile(p[1], ro, &off, 1), EPIPE);
  DONE();
}
