// sched_getscheduler_policy: a thread starts under SCHED_OTHER with priority 0; sched_setscheduler moves it between SCHED_OTHER, SCHED_BATCH and SCHED_IDLE (priority must be 0: else EINVAL) and sched_getscheduler reads it back; fork keeps the policy (SCHED_RESET_ON_FORK aside); an unknown policy is EINVAL, an unknown pid ESRCH, a bad pointer EFAULT.
#include "../common.h"
#include <sched.h>

static int child_policy(void) { return sched_getscheduler(0); }

int main(void) {
  CHECK_EQ(sched_getscheduler(0), SCHED_OTHER);
  struct sched_param p = {.sched_priority = 5};
  CHECK_OK(sched_getparam(0, &p));
  CHECK_EQ(p.sched_priority, 0);

  p.sched_priority = 0;
  CHECK_OK(sched_setscheduler(0, SCHED_BATCH, &p));
  CHECK_EQ(sched_getscheduler(0), SCHED_BATCH);
  CHECK_EQ(in_child(child_policy), SCHED_BATCH);
  CHECK_OK(sched_setscheduler(0, SCHED_IDLE, &p));
  CHECK_EQ(sched_getscheduler(getpid()), SCHED_IDLE);
  CHECK_OK(sched_setscheduler(0, SCHED_OTHER, &p));
  CHECK_EQ(sched_getscheduler(0), SCHED_OTHER);
  p.sched_priority = 1;
  CHECK_ERR(sched_setscheduler(0, SCHED_OTHER, &p), EINVAL);
  CHECK_ERR(sched_setparam(0, &p), EINVAL);
  p.sched_priority = 0;
  CHECK_OK(sched_setparam(0, &p));
  CHECK_ERR(sched_setscheduler(0, 42, &p), EINVAL);
  CHECK_ERR(sched_getscheduler(0x3ffffff0), ESRCH);
  CHECK_ERR(sched_getparam(0x3ffffff0, &p), ESRCH);
  CHECK_ERR(sched_getparam(0, bad_ptr()), EFAULT);
  CHECK_ERR(sched_setscheduler(0, SCHED_OTHER, bad_ptr()), EFAULT);
  CHECK_ERR(sched_getscheduler(-1), EINVAL);
  DONE();
}
