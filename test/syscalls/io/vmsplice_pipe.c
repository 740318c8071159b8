// vmsplice_pipe: vmsplice gathers user memory into a pipe's write end and scatters a read end's data into user memory; not a pipe is EBADF, unknown flags and too many iovecs EINVAL, no data 0, a full pipe with SPLICE_F_NONBLOCK EAGAIN.
#include "../common.h"
#include <fcntl.h>
#include <sys/uio.h>

int main(void) {
  int p[2];
  CHECK_OK(pipe(p));
  struct iovec in[2] = {{"abc", 3}, {"defg", 4}};
  CHECK_EQ(vmsplice(p[1], in, 2, 0), 7);
  char a[2], b[10] = {0};
  struct iovec out[2] = {{a, 2}, {b, 10}};
  CHECK_EQ(vmsplice(p[0], out, 2, 0), 7);
  CHECK(memcmp(a, "ab", 2) == 0);
  CHECK(memcmp(b, "cdefg", 5) == 0);
  CHECK_EQ(vmsplice(p[1], in, 0, 0), 0);
  CHECK_ERR(vmsplice(p[1], in, 1, 64), EINVAL);
  CHECK_ERR(vmsplice(p[1], in, 1025, 0), EINVAL);
  CHECK_ERR(vmsplice(-1, in, 1, 0), EBADF);
  int f = open("data", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_ERR(vmsplice(f, in, 1, 0), EBADF);
  CHECK_OK(fcntl(p[1], F_SETPIPE_SZ, 4096));
  static char big[4096] __attribute__((aligned(4096))); // one page: one pipe buffer
  struct iovec full = {big, sizeof big};
  CHECK_EQ(vmsplice(p[1], &full, 1, 0), 4096);
  CHECK_ERR(vmsplice(p[1], in, 1, SPLICE_F_NONBLOCK), EAGAIN);
  DONE();
}
