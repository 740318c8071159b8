// futex_requeue_pi: FUTEX_CMP_REQUEUE_PI takes a free PI futex for the first FUTEX_WAIT_REQUEUE_PI waiter (it returns owning it, the word naming it with FUTEX_WAITERS) and moves the other to wait for it; each owner's FUTEX_UNLOCK_PI hands the lock on; a plain FUTEX_WAKE of such a waiter is EINVAL; nr_wake other than 1, the same word twice or a mismatched value are EINVAL/EINVAL/EAGAIN; a requeue-PI wait times out with ETIMEDOUT.
#include "../common.h"
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

static _Atomic unsigned cond, pi;
static _Atomic int ret[2] = {-1, -1}, owned[2], tids[2];
static _Atomic int order;

static void *waiter(void *arg) {
  long i = (long)arg;
  atomic_store(&tids[i], syscall(SYS_gettid));
  long r = syscall(SYS_futex, &cond, FUTEX_WAIT_REQUEUE_PI_PRIVATE, 0, NULL, &pi, 0);
  atomic_store(&owned[i], (atomic_load(&pi) & FUTEX_TID_MASK) == (unsigned)syscall(SYS_gettid));
  atomic_store(&ret[i], r == 0 ? 0 : errno);
  atomic_fetch_add(&order, 1);
  struct timespec d = {0, 20000000};
  nanosleep(&d, NULL);
  syscall(SYS_futex, &pi, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
  return NULL;
}

static void nap(long ms) {
  struct timespec d = {0, ms * 1000000};
  nanosleep(&d, NULL);
}

int main(void) {
  pthread_t t[2];
  CHECK_EQ(pthread_create(&t[0], NULL, waiter, (void *)0), 0);
  nap(50);
  CHECK_EQ(pthread_create(&t[1], NULL, waiter, (void *)1), 0);
  nap(100);
  CHECK_ERR(syscall(SYS_futex, &cond, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), EINVAL);
  CHECK_ERR(syscall(SYS_futex, &cond, FUTEX_CMP_REQUEUE_PI_PRIVATE, 2, 1, &pi, 0), EINVAL);
  CHECK_ERR(syscall(SYS_futex, &cond, FUTEX_CMP_REQUEUE_PI_PRIVATE, 1, 1, &cond, 0), EINVAL);
  CHECK_ERR(syscall(SYS_futex, &cond, FUTEX_CMP_REQUEUE_PI_PRIVATE, 1, 1, &pi, 5), EAGAIN);
  CHECK_EQ(syscall(SYS_futex, &cond, FUTEX_CMP_REQUEUE_PI_PRIVATE, 1, 1, &pi, 0), 2);
  CHECK_EQ(pthread_join(t[0], NULL), 0);
  CHECK_EQ(pthread_join(t[1], NULL), 0);
  CHECK_EQ(atomic_load(&ret[0]), 0);
  CHECK_EQ(atomic_load(&ret[1]), 0);
  CHECK_EQ(atomic_load(&owned[0]), 1);
  CHECK_EQ(atomic_load(&owned[1]), 1);
  CHECK_EQ(atomic_load(&pi), 0);

  struct timespec abs;
  clock_gettime(CLOCK_MONOTONIC, &abs);
  abs.tv_nsec += 30000000;
  if (abs.tv_nsec >= 1000000000) {
    abs.tv_nsec -= 1000000000;
    abs.tv_sec++;
  }
  CHECK_ERR(syscall(SYS_futex, &cond, FUTEX_WAIT_REQUEUE_PI_PRIVATE, 0, &abs, &pi, 0), ETIMEDOUT);
  CHECK_ERR(syscall(SYS_futex, &cond, FUTEX_WAIT_REQUEUE_PI_PRIVATE, 1, &abs, &pi, 0), EAGAIN);
  CHECK_ERR(syscall(SYS_futex, &cond, FUTEX_WAIT_REQUEUE_PI_PRIVATE, 0, &abs, &cond, 0), EINVAL);
  DONE();
}
