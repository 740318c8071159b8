// getrandom_bytes: getrandom fills the buffer and returns its length; two draws differ; length 0 returns 0.
#include "../common.h"
#include <sys/random.h>

int main(void) {
  unsigned char a[32] = {0}, b[32] = {0};
  CHECK_EQ(getrandom(a, sizeof a, 0), 32);
  CHECK_EQ(syscall(SYS_getrandom, b, sizeof b, GRND_NONBLOCK), 32);
  CHECK(memcmp(a, b, sizeof a) != 0);
  CHECK_EQ(getrandom(a, 0, 0), 0);
  CHECK_EQ(getrandom(a, 1, GRND_RANDOM), 1);
  DONE();
}
