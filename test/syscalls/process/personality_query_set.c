// personality_query_set: personality(0xffffffff) reports the persona without changing it; setting one returns the previous value; a forked child inherits it.
#include "../common.h"
#include <sys/personality.h>

int main(void) {
  int old = personality(0xffffffff);
  CHECK(old != -1);
  CHECK_EQ(personality(0xffffffff), old);
  int want = (old & ~0xff) | ADDR_NO_RANDOMIZE;
  CHECK_EQ(personality(want), old);
  CHECK_EQ(personality(0xffffffff), want);
  pid_t c = fork();
  if (c == 0) _exit(personality(0xffffffff) == want ? 0 : 1);
  int st = -1;
  CHECK_EQ(waitpid(c, &st, 0), c);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  CHECK_EQ(personality(old), want);
  CHECK_EQ(personality(0xffffffff), old);
  DONE();
}
