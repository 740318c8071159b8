// tee_keep: tee copies from one pipe to another without consuming: the source still reads the same bytes; it copies at most what the source holds and the length asked; an empty source with SPLICE_F_NONBLOCK is EAGAIN, with no writer 0; non-pipes and one pipe at both ends are EINVAL, wrong ends EBADF, unknown flags EINVAL.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int p[2], q[2];
  CHECK_OK(pipe(p));
  CHECK_OK(pipe(q));
  CHECK_EQ(write(p[1], "hello", 5), 5);
  CHECK_EQ(tee(p[0], q[1], 3, 0), 3);
  CHECK_EQ(tee(p[0], q[1], 100, 0), 5);
  char buf[32] = {0};
  CHECK_EQ(read(q[0], buf, sizeof buf), 8);
  CHECK(memcmp(buf, "helhello", 8) == 0);
  CHECK_EQ(read(p[0], buf, sizeof buf), 5); // still all there
  CHECK(memcmp(buf, "hello", 5) == 0);
  CHECK_ERR(tee(p[0], q[1], 5, SPLICE_F_NONBLOCK), EAGAIN);
  int f = open("data", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_ERR(tee(f, q[1], 5, 0), EINVAL);
  CHECK_ERR(tee(p[0], f, 5, 0), EINVAL);
  CHECK_ERR(tee(p[0], p[1], 5, 0), EINVAL);
  CHECK_ERR(tee(p[1], q[1], 5, 0), EBADF);
  CHECK_ERR(tee(p[0], q[0], 5, 0), EBADF);
  CHECK_ERR(tee(-1, q[1], 5, 0), EBADF);
  CHECK_ERR(tee(p[0], q[1], 5, 64), EINVAL);
  CHECK_EQ(tee(p[0], q[1], 0, 0), 0);
  close(p[1]);
  CHECK_EQ(tee(p[0], q[1], 5, 0), 0);
  DONE();
}
