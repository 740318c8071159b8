// futex_waitv_wake: futex_waitv sleeps on several words and returns the index of the one woken; a word that does not hold its value is EAGAIN; an absolute timeout on CLOCK_MONOTONIC or CLOCK_REALTIME is ETIMEDOUT; bad counts, flags, sizes, reserved bits, clocks and misaligned words are EINVAL; an unreadable vector is EFAULT.
#include "../common.h"
#include <pthread.h>
#include <stdatomic.h>
#include <linux/futex.h>
#include <time.h>

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif
#define F2_U32 0x02
#define F2_PRIVATE 128

struct waitv {
  uint64_t val;
  uint64_t uaddr;
  uint32_t flags;
  uint32_t reserved;
};

static _Atomic uint32_t words[4];
static _Atomic int started;

static long waitv(struct waitv *v, unsigned n, unsigned flags, struct timespec *ts, int clk) {
  return syscall(SYS_futex_waitv, v, n, flags, ts, clk);
}

static void *waker(void *arg) {
  (void)arg;
  while (!atomic_load(&started)) sched_yield();
  struct timespec d = {0, 100000000};
  nanosleep(&d, NULL);
  /* Retry until the waiter is queued (the wake returns 1). */
  for (int i = 0; i < 200; i++) {
    if (syscall(SYS_futex, &words[2], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) == 1) break;
    nanosleep(&d, NULL);
  }
  return NULL;
}

static void in(clockid_t c, struct timespec *ts, long ms) {
  clock_gettime(c, ts);
  ts->tv_nsec += ms * 1000000;
  if (ts->tv_nsec >= 1000000000) {
    ts->tv_nsec -= 1000000000;
    ts->tv_sec++;
  }
}

int main(void) {
  struct waitv v[4];
  for (int i = 0; i < 4; i++) {
    v[i] = (struct waitv){.val = 0, .uaddr = (uintptr_t)&words[i], .flags = F2_U32 | F2_PRIVATE};
  }
  pthread_t th;
  CHECK_EQ(pthread_create(&th, NULL, waker, NULL), 0);
  atomic_store(&started, 1);
  CHECK_EQ(waitv(v, 4, 0, NULL, 0), 2);
  CHECK_EQ(pthread_join(th, NULL), 0);

  struct timespec ts;
  in(CLOCK_MONOTONIC, &ts, 30);
  CHECK_ERR(waitv(v, 4, 0, &ts, CLOCK_MONOTONIC), ETIMEDOUT);
  in(CLOCK_REALTIME, &ts, 30);
  CHECK_ERR(waitv(v, 1, 0, &ts, CLOCK_REALTIME), ETIMEDOUT);
  CHECK_ERR(waitv(v, 1, 0, &ts, CLOCK_BOOTTIME), EINVAL);

  atomic_store(&words[3], 7);
  CHECK_ERR(waitv(v, 4, 0, NULL, 0), EAGAIN);
  v[3].val = 7;
  in(CLOCK_MONOTONIC, &ts, 10);
  CHECK_ERR(waitv(v, 4, 0, &ts, CLOCK_MONOTONIC), ETIMEDOUT);

  CHECK_ERR(waitv(v, 0, 0, NULL, 0), EINVAL);
  CHECK_ERR(waitv(v, 129, 0, NULL, 0), EINVAL);
  CHECK_ERR(waitv(v, 4, 1, NULL, 0), EINVAL);
  CHECK_ERR(waitv(NULL, 4, 0, NULL, 0), EINVAL);
  CHECK_ERR(waitv(bad_ptr(), 4, 0, NULL, 0), EFAULT);
  in(CLOCK_MONOTONIC, &ts, 10);
  CHECK_ERR(waitv(v, 4, 0, bad_ptr(), CLOCK_MONOTONIC), EFAULT);

  struct waitv b = v[0];
  b.flags = 0x03; /* FUTEX2_SIZE_U64 */
  CHECK_ERR(waitv(&b, 1, 0, NULL, 0), EINVAL);
  b.flags = F2_U32 | 0x1000;
  CHECK_ERR(waitv(&b, 1, 0, NULL, 0), EINVAL);
  b.flags = F2_U32;
  b.reserved = 1;
  CHECK_ERR(waitv(&b, 1, 0, NULL, 0), EINVAL);
  b.reserved = 0;
  b.val = 1ULL << 32;
  CHECK_ERR(waitv(&b, 1, 0, NULL, 0), EINVAL);
  b.val = 0;
  b.uaddr += 1;
  CHECK_ERR(waitv(&b, 1, 0, NULL, 0), EINVAL);
  b.uaddr = (uintptr_t)bad_ptr();
  CHECK_ERR(waitv(&b, 1, 0, NULL, 0), EFAULT);
  DONE();
}
