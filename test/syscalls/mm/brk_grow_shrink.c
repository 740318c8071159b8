// brk_grow_shrink: brk(0) queries the break; growing gives zeroed writable memory; shrinking unmaps, regrowing re-zeroes.
#include "../common.h"

int main(void) {
  /* Print first, so that stdio's buffer is allocated before we read the break. */
  printf("start\n");
  char *b0 = (char *)syscall(SYS_brk, 0);
  CHECK(b0 != NULL);
  CHECK_EQ((char *)syscall(SYS_brk, 0), b0);
  char *want = b0 + 64 * 1024;
  CHECK_EQ((char *)syscall(SYS_brk, want), want);
  CHECK_EQ((char *)syscall(SYS_brk, 0), want);
  int zero = 1;
  for (char *c = b0; c < want; c++) zero &= *c == 0;
  CHECK(zero);
  memset(b0, 'b', want - b0);
  CHECK_EQ((char *)syscall(SYS_brk, b0 + 4096), b0 + 4096);
  char *hole = (char *)(((uintptr_t)b0 + 2 * 4096 + 4095) & ~4095UL);
  CHECK_ERR(write(1, hole, 4), EFAULT);
  CHECK_EQ((char *)syscall(SYS_brk, want), want);
  CHECK_EQ(*hole, 0);
  CHECK_EQ(b0[40 * 1024], 0);
  CHECK_EQ(b0[0], 'b');
  DONE();
}
