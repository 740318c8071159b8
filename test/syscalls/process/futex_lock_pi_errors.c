// futex_lock_pi_errors: FUTEX_LOCK_PI takes a free word (it then holds the caller's TID, keeping FUTEX_OWNER_DIED), is EDEADLK on a lock the caller owns, ESRCH when the word names no thread, ETIMEDOUT at an absolute CLOCK_REALTIME deadline (LOCK_PI2: CLOCK_MONOTONIC), ENOSYS with FUTEX_CLOCK_REALTIME; TRYLOCK_PI on a lock another thread holds is EAGAIN (and sets FUTEX_WAITERS); UNLOCK_PI of a lock the caller does not own is EPERM and of its own lock clears the word; misaligned words are EINVAL.
#include "../common.h"
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13
#endif

static _Atomic unsigned held;
static _Atomic int locked, release;

static long futex(void *a, int op, struct timespec *ts) {
  return syscall(SYS_futex, a, op, 0, ts, NULL, 0);
}

static void *holder(void *arg) {
  (void)arg;
  long r = futex(&held, FUTEX_LOCK_PI_PRIVATE, NULL);
  atomic_store(&locked, r == 0 ? 1 : -1);
  while (!atomic_load(&release)) {
    struct timespec d = {0, 1000000};
    nanosleep(&d, NULL);
  }
  futex(&held, FUTEX_UNLOCK_PI_PRIVATE, NULL);
  return NULL;
}

static void deadline_in(clockid_t c, struct timespec *ts, long ms) {
  clock_gettime(c, ts);
  ts->tv_nsec += ms * 1000000;
  while (ts->tv_nsec >= 1000000000) {
    ts->tv_nsec -= 1000000000;
    ts->tv_sec++;
  }
}

int main(void) {
  unsigned tid = (unsigned)syscall(SYS_gettid);
  _Atomic unsigned w = 0;
  CHECK_EQ(futex(&w, FUTEX_LOCK_PI_PRIVATE, NULL), 0);
  CHECK(atomic_load(&w) == tid);
  CHECK_ERR(futex(&w, FUTEX_LOCK_PI_PRIVATE, NULL), EDEADLK);
  CHECK_ERR(futex(&w, FUTEX_TRYLOCK_PI_PRIVATE, NULL), EDEADLK);
  CHECK_EQ(futex(&w, FUTEX_UNLOCK_PI_PRIVATE, NULL), 0);
  CHECK_EQ(atomic_load(&w), 0);
  CHECK_ERR(futex(&w, FUTEX_UNLOCK_PI_PRIVATE, NULL), EPERM);

  /* OWNER_DIED with no owner: the new owner keeps the bit. */
  atomic_store(&w, FUTEX_OWNER_DIED);
  CHECK_EQ(futex(&w, FUTEX_TRYLOCK_PI_PRIVATE, NULL), 0);
  CHECK(atomic_load(&w) == (FUTEX_OWNER_DIED | tid));
  CHECK_EQ(futex(&w, FUTEX_UNLOCK_PI_PRIVATE, NULL), 0);
  CHECK_EQ(atomic_load(&w), 0);

  /* A word naming no thread. */
  atomic_store(&w, 0x3ffffff0);
  CHECK_ERR(futex(&w, FUTEX_LOCK_PI_PRIVATE, NULL), ESRCH);
  CHECK_ERR(futex(&w, FUTEX_UNLOCK_PI_PRIVATE, NULL), EPERM);

  /* Held by another thread. */
  pthread_t th;
  CHECK_EQ(pthread_create(&th, NULL, holder, NULL), 0);
  while (!atomic_load(&locked)) {
    struct timespec d = {0, 1000000};
    nanosleep(&d, NULL);
  }
  CHECK_EQ(atomic_load(&locked), 1);
  unsigned owner = atomic_load(&held);
  CHECK(owner != 0 && owner != tid);
  CHECK_ERR(futex(&held, FUTEX_TRYLOCK_PI_PRIVATE, NULL), EAGAIN);
  CHECK(atomic_load(&held) == (owner | FUTEX_WAITERS));
  CHECK_ERR(futex(&held, FUTEX_UNLOCK_PI_PRIVATE, NULL), EPERM);
  struct timespec ts;
  deadline_in(CLOCK_REALTIME, &ts, 50);
  CHECK_ERR(futex(&held, FUTEX_LOCK_PI_PRIVATE, &ts), ETIMEDOUT);
  deadline_in(CLOCK_MONOTONIC, &ts, 50);
  CHECK_ERR(futex(&held, FUTEX_LOCK_PI2 | FUTEX_PRIVATE_FLAG, &ts), ETIMEDOUT);
  deadline_in(CLOCK_REALTIME, &ts, 50);
  CHECK_ERR(futex(&held, FUTEX_LOCK_PI2 | FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME, &ts), ETIMEDOUT);
  CHECK_ERR(futex(&held, FUTEX_LOCK_PI_PRIVATE | FUTEX_CLOCK_REALTIME, &ts), ENOSYS);
  ts.tv_nsec = 1000000000;
  CHECK_ERR(futex(&held, FUTEX_LOCK_PI_PRIVATE, &ts), EINVAL);
  atomic_store(&release, 1);
  CHECK_EQ(pthread_join(th, NULL), 0);
  CHECK_EQ(atomic_load(&held), 0);

  /* The owner exited without a robust list: nobody to wait for. */
  CHECK_ERR(futex((char *)&w + 2, FUTEX_LOCK_PI_PRIVATE, NULL), EINVAL);
  CHECK_ERR(futex(bad_ptr(), FUTEX_LOCK_PI_PRIVATE, NULL), EFAULT);
  DONE();
}
