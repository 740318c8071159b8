// copy_file_range_offsets: with offset pointers copy_file_range copies between them and advances them, leaving the file offsets; without, it uses and advances the file offsets; it stops at the input's end (0 past it) and copies within one file when the ranges do not overlap.
#include "../common.h"
#include <fcntl.h>

int main(void) {
  int in = open("src", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_EQ(write(in, "0123456789", 10), 10);
  int out = open("dst", O_CREAT | O_RDWR | O_TRUNC, 0644);
  loff_t oi = 2, oo = 4;
  CHECK_EQ(copy_file_range(in, &oi, out, &oo, 3, 0), 3);
  CHECK_EQ(oi, 5);
  CHECK_EQ(oo, 7);
  CHECK_EQ(lseek(in, 0, SEEK_CUR), 10);
  CHECK_EQ(lseek(out, 0, SEEK_CUR), 0);
  char buf[32] = {0};
  CHECK_EQ(pread(out, buf, sizeof buf, 0), 7);
  CHECK(memcmp(buf, "\0\0\0\0" "234", 7) == 0);
  CHECK_EQ(lseek(in, 6, SEEK_SET), 6);
  CHECK_EQ(copy_file_range(in, NULL, out, NULL, 100, 0), 4); // to the end of the input
  CHECK_EQ(lseek(in, 0, SEEK_CUR), 10);
  CHECK_EQ(lseek(out, 0, SEEK_CUR), 4);
  CHECK_EQ(pread(out, buf, sizeof buf, 0), 7);
  CHECK(memcmp(buf, "6789234", 7) == 0);
  CHECK_EQ(copy_file_range(in, NULL, out, NULL, 100, 0), 0);
  oi = 100;
  CHECK_EQ(copy_file_range(in, &oi, out, NULL, 5, 0), 0);
  oi = 0;
  oo = 5;
  CHECK_EQ(copy_file_range(in, &oi, in, &oo, 5, 0), 5);
  CHECK_EQ(pread(in, buf, sizeof buf, 0), 10);
  CHECK(memcmp(buf, "0123401234", 10) == 0);
  DONE();
}
