// sched_get_priority_min_policies: the lowest static priority is 0 for SCHED_OTHER, SCHED_BATCH and SCHED_IDLE and 1 for SCHED_FIFO and SCHED_RR; an unknown policy is EINVAL.
#include "../common.h"
#include <sched.h>

int main(void) {
  CHECK_EQ(sched_get_priority_min(SCHED_OTHER), 0);
  CHECK_EQ(sched_get_priority_min(SCHED_BATCH), 0);
  CHECK_EQ(sched_get_priority_min(SCHED_IDLE), 0);
  CHECK_EQ(sched_get_priority_min(SCHED_FIFO), 1);
  CHECK_EQ(sched_get_priority_min(SCHED_RR), 1);
  CHECK_ERR(sched_get_priority_min(4), EINVAL);
  CHECK_ERR(sched_get_priority_min(-1), EINVAL);
  CHECK_ERR(sched_get_priority_min(1000), EINVAL);
  DONE();
}
