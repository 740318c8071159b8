// exit_group_status: exit_group(7) ends the process with status 7 at once; only the low 8 bits count.
// husk-exit: 7
#include "../common.h"

int main(void) {
  CHECK_EQ(write(1, "before exit_group\n", 18), 18);
  syscall(SYS_exit_group, 0x107);
  printf("not reached\n");
  return 0;
}
