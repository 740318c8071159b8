// writev_gather: writev writes iovecs in order and returns the total.
#include "../common.h"
#include <sys/uio.h>

int main(void) {
  struct iovec iov[4] = {
      {"one ", 4}, {"", 0}, {"two ", 4}, {"three\n", 6},
  };
  CHECK_EQ(writev(1, iov, 4), 14);
  CHECK_EQ(writev(1, iov, 0), 0);
  DONE();
}
