// brk_invalid: brk below the start of the heap, huge, or in the kernel half fails by returning the current break.
#include "../common.h"

int main(void) {
  printf("start\n");
  char *b0 = (char *)syscall(SYS_brk, 0);
  CHECK_EQ((char *)syscall(SYS_brk, 4096), b0);
  CHECK_EQ((char *)syscall(SYS_brk, b0 + (1UL << 47)), b0);
  CHECK_EQ((char *)syscall(SYS_brk, kernel_ptr()), b0);
  CHECK_EQ((char *)syscall(SYS_brk, 0), b0);
  char *m = malloc(100);
  CHECK(m != NULL);
  DONE();
}
