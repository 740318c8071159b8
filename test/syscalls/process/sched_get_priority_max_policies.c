// sched_get_priority_max_policies: the highest static priority is 0 for SCHED_OTHER, SCHED_BATCH and SCHED_IDLE and 99 for SCHED_FIFO and SCHED_RR; an unknown policy (SCHED_DEADLINE's 6 aside) or one with SCHED_RESET_ON_FORK or'd in is EINVAL.
#include "../common.h"
#include <sched.h>

int main(void) {
  CHECK_EQ(sched_get_priority_max(SCHED_OTHER), 0);
  CHECK_EQ(sched_get_priority_max(SCHED_BATCH), 0);
  CHECK_EQ(sched_get_priority_max(SCHED_IDLE), 0);
  CHECK_EQ(sched_get_priority_max(SCHED_FIFO), 99);
  CHECK_EQ(sched_get_priority_max(SCHED_RR), 99);
  CHECK_ERR(sched_get_priority_max(4), EINVAL);
  CHECK_ERR(sched_get_priority_max(42), EINVAL);
  CHECK_ERR(sched_get_priority_max(-1), EINVAL);
  CHECK_ERR(sched_get_priority_max(SCHED_FIFO | SCHED_RESET_ON_FORK), EINVAL);
  DONE();
}
