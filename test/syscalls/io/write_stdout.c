// write_stdout: write to stdout returns the byte count, and a zero-length write returns 0.
#include "../common.h"

int main(void) {
  CHECK_EQ(write(1, "hello from write\n", 17), 17);
  CHECK_EQ(write(1, "", 0), 0);
  CHECK_EQ(syscall(SYS_write, 1, "raw syscall write\n", 18), 18);
  DONE();
}
