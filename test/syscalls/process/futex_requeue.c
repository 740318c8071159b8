// futex_requeue: FUTEX_CMP_REQUEUE wakes one of two waiters and moves the other to a second word (returning 2), which a wake there then releases; a mismatched value is EAGAIN; FUTEX_WAKE_OP adds to the second word atomically and returns the waiters it woke (none here); an unknown op is ENOSYS.
#include "../common.h"
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

static _Atomic int a, b, c, done;

static void *waiter(void *arg) {
  (void)arg;
  syscall(SYS_futex, &a, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
  atomic_fetch_add(&done, 1);
  return NULL;
}

static void nap(long ms) {
  struct timespec d = {0, ms * 1000 * 1000};
  nanosleep(&d, NULL);
}

int main(void) {
  pthread_t t1, t2;
  CHECK_OK(pthread_create(&t1, NULL, waiter, NULL));
  CHECK_OK(pthread_create(&t2, NULL, waiter, NULL));
  nap(150);
  CHECK_ERR(syscall(SYS_futex, &a, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &b, 7), EAGAIN);
  CHECK_EQ(syscall(SYS_futex, &a, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &b, 0), 2);
  nap(50);
  CHECK_EQ(atomic_load(&done), 1);
  CHECK_EQ(syscall(SYS_futex, &b, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 1);
  CHECK_OK(pthread_join(t1, NULL));
  CHECK_OK(pthread_join(t2, NULL));
  CHECK_EQ(atomic_load(&done), 2);
  atomic_store(&c, 5);
  int op = FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 5);
  CHECK_EQ(syscall(SYS_futex, &a, FUTEX_WAKE_OP_PRIVATE, 1, 1, &c, op), 0);
  CHECK_EQ(atomic_load(&c), 8);
  CHECK_ERR(syscall(SYS_futex, &a, 99, 0, NULL, NULL, 0), ENOSYS);
  DONE();
}
