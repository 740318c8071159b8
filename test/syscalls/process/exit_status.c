// exit_status: a program returning 3 from main exits with status 3, after its output is flushed.
// husk-exit: 3
#include "../common.h"

int main(void) {
  printf("exiting with 3\n");
  return 3;
}
