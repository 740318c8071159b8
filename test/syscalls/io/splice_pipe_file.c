// splice_pipe_file: splice moves file to pipe (from *off_in, advancing it, or from the file offset), pipe to file (at *off_out or the file offset), pipe to pipe and pipe to stdout, /dev/urandom to pipe; an empty pipe with SPLICE_F_NONBLOCK is EAGAIN, an empty pipe with no writer gives 0.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int f = open("data", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_EQ(write(f, "0123456789", 10), 10);
  int p[2], q[2];
  CHECK_OK(pipe(p));
  CHECK_OK(pipe(q));
  loff_t off = 3;
  CHECK_EQ(splice(f, &off, p[1], NULL, 4, 0), 4);
  CHECK_EQ(off, 7);
  CHECK_EQ(lseek(f, 0, SEEK_CUR), 10);
  CHECK_EQ(lseek(f, 8, SEEK_SET), 8);
  CHECK_EQ(splice(f, NULL, p[1], NULL, 100, 0), 2); // to end of file
  CHECK_EQ(lseek(f, 0, SEEK_CUR), 10);
  CHECK_EQ(splice(f, NULL, p[1], NULL, 100, 0), 0);
  // pipe to pipe: moves, leaving the rest.
  CHECK_EQ(splice(p[0], NULL, q[1], NULL, 2, 0), 2);
  char buf[32] = {0};
  CHECK_EQ(read(q[0], buf, sizeof buf), 2);
  CHECK(memcmp(buf, "34", 2) == 0);
  // pipe to file at an offset, then at the file offset.
  int g = open("out", O_CREAT | O_RDWR | O_TRUNC, 0644);
  off = 5;
  CHECK_EQ(splice(p[0], NULL, g, &off, 2, 0), 2);
  CHECK_EQ(off, 7);
  CHECK_EQ(lseek(g, 0, SEEK_CUR), 0);
  CHECK_EQ(splice(p[0], NULL, g, NULL, 100, 0), 2);
  CHECK_EQ(lseek(g, 0, SEEK_CUR), 2);
  CHECK_EQ(pread(g, buf, sizeof buf, 0), 7);
  CHECK(memcmp(buf, "89\0\0\0" "56", 7) == 0);
  CHECK_ERR(splice(p[0], NULL, g, NULL, 100, SPLICE_F_NONBLOCK), EAGAIN);
  CHECK_ERR(splice(p[0], NULL, q[1], NULL, 100, SPLICE_F_NONBLOCK), EAGAIN);
  close(p[1]);
  CHECK_EQ(splice(p[0], NULL, g, NULL, 100, 0), 0);
  CHECK_EQ(splice(p[0], NULL, q[1], NULL, 100, 0), 0);
  // pipe to /dev/null.
  CHECK_EQ(write(q[1], "zz", 2), 2);
  int null = open("/dev/null", O_WRONLY);
  CHECK_EQ(splice(q[0], NULL, null, NULL, 100, 0), 2);
  int ur = open("/dev/urandom", O_RDONLY);
  CHECK_EQ(splice(ur, NULL, q[1], NULL, 16, 0), 16);
  CHECK_EQ(read(q[0], buf, sizeof buf), 16);
  // pipe to stdout (whatever it is: a pipe, a file, a terminal).
  CHECK_EQ(write(q[1], "spliced to stdout\n", 18), 18);
  fflush(stdout);
  CHECK_EQ(splice(q[0], NULL, 1, NULL, 100, 0), 18);
  DONE();
}
