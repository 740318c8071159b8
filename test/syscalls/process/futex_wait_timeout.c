// futex_wait_timeout: FUTEX_WAIT's timeout is relative and ends the wait with ETIMEDOUT; FUTEX_WAIT_BITSET's is absolute on CLOCK_MONOTONIC, or on CLOCK_REALTIME with FUTEX_CLOCK_REALTIME; a bitset of 0 is EINVAL; a bad timespec is EINVAL; a mismatched value is EAGAIN at once; FUTEX_CLOCK_REALTIME with FUTEX_WAKE is ENOSYS.
#include "../common.h"
#include <linux/futex.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void abs_in(clockid_t c, struct timespec *t, long ms) {
  clock_gettime(c, t);
  t->tv_nsec += ms * 1000000;
  if (t->tv_nsec >= 1000000000) {
    t->tv_nsec -= 1000000000;
    t->tv_sec++;
  }
}

int main(void) {
  int w = 0;
  struct timespec rel = {0, 30000000};
  double t0 = now();
  CHECK_ERR(syscall(SYS_futex, &w, FUTEX_WAIT_PRIVATE, 0, &rel, NULL, 0), ETIMEDOUT);
  CHECK(now() - t0 >= 0.03);
  struct timespec abs;
  abs_in(CLOCK_MONOTONIC, &abs, 30);
  CHECK_ERR(syscall(SYS_futex, &w, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
  abs_in(CLOCK_REALTIME, &abs, 30);
  CHECK_ERR(syscall(SYS_futex, &w, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &abs, NULL,
                    FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
  CHECK_ERR(syscall(SYS_futex, &w, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, NULL, 0), EINVAL);
  struct timespec bad = {0, -1};
  CHECK_ERR(syscall(SYS_futex, &w, FUTEX_WAIT_PRIVATE, 0, &bad, NULL, 0), EINVAL);
  CHECK_ERR(syscall(SYS_futex, &w, FUTEX_WAIT_PRIVATE, 1, &rel, NULL, 0), EAGAIN);
  CHECK_ERR(syscall(SYS_futex, &w, FUTEX_WAKE_PRIVATE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0), ENOSYS);
  CHECK_ERR(syscall(SYS_futex, &w, FUTEX_WAIT_PRIVATE, 0, bad_ptr(), NULL, 0), EFAULT);
  DONE();
}
