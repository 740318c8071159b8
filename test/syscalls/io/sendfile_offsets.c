// sendfile_offsets: with an offset pointer sendfile reads from *offset, advances it and leaves the file offset alone; without one it reads from and advances the file offset; it copies file to pipe and file to file, and returns 0 at end of file; /dev/zero is a source too.
#include "../common.h"
#include <fcntl.h>
#include <sys/sendfile.h>

int main(void) {
  int in = open("src", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_EQ(write(in, "abcdefghij", 10), 10);
  CHECK_EQ(lseek(in, 1, SEEK_SET), 1);
  int p[2];
  CHECK_OK(pipe(p));
  off_t off = 2;
  CHECK_EQ(sendfile(p[1], in, &off, 3), 3);
  CHECK_EQ(off, 5);
  CHECK_EQ(lseek(in, 0, SEEK_CUR), 1);
  char buf[32] = {0};
  CHECK_EQ(read(p[0], buf, sizeof buf), 3);
  CHECK(memcmp(buf, "cde", 3) == 0);
  CHECK_EQ(sendfile(p[1], in, NULL, 4), 4);
  CHECK_EQ(lseek(in, 0, SEEK_CUR), 5);
  CHECK_EQ(read(p[0], buf, sizeof buf), 4);
  CHECK(memcmp(buf, "bcde", 4) == 0);
  off = 8;
  CHECK_EQ(sendfile(p[1], in, &off, 100), 2); // short at end of file
  CHECK_EQ(off, 10);
  CHECK_EQ(sendfile(p[1], in, &off, 100), 0);
  CHECK_EQ(read(p[0], buf, sizeof buf), 2);
  CHECK(memcmp(buf, "ij", 2) == 0);

  int out = open("dst", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_EQ(write(out, "XY", 2), 2);
  off = 0;
  CHECK_EQ(sendfile(out, in, &off, 10), 10);
  CHECK_EQ(lseek(out, 0, SEEK_CUR), 12);
  CHECK_EQ(pread(out, buf, sizeof buf, 0), 12);
  CHECK(memcmp(buf, "XYabcdefghij", 12) == 0);
  CHECK_EQ(sendfile(out, in, &off, 0), 0);
  int null = open("/dev/null", O_WRONLY);
  off = 0;
  CHECK_EQ(sendfile(null, in, &off, 10), 10);
  int zero = open("/dev/zero", O_RDONLY);
  memset(buf, 'x', sizeof buf);
  CHECK_EQ(sendfile(p[1], zero, NULL, 10), 10);
  CHECK_EQ(read(p[0], buf, sizeof buf), 10);
  CHECK(buf[0] == 0 && buf[9] == 0 && buf[10] == 'x');
  DONE();
}
