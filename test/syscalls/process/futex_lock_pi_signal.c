// futex_lock_pi_signal: a thread blocked in FUTEX_LOCK_PI runs a signal handler and goes back to waiting (the lock call is restarted, never EINTR, even without SA_RESTART); the owner's FUTEX_UNLOCK_PI then hands it the lock directly (the word names the waiter when it wakes), and its own unlock clears the word.
#include "../common.h"
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>

static _Atomic unsigned lock;
static _Atomic int handled, got_lock, waiter_tid;
static _Atomic long result = 1;

static void on_usr1(int s) {
  (void)s;
  atomic_fetch_add(&handled, 1);
}

static void *waiter(void *arg) {
  (void)arg;
  atomic_store(&waiter_tid, syscall(SYS_gettid));
  long r = syscall(SYS_futex, &lock, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0);
  atomic_store(&result, r == 0 ? 0 : errno);
  atomic_store(&got_lock, (int)(atomic_load(&lock) & FUTEX_TID_MASK));
  syscall(SYS_futex, &lock, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
  return NULL;
}

static void nap(long ms) {
  struct timespec d = {0, ms * 1000000};
  nanosleep(&d, NULL);
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_handler = on_usr1; /* no SA_RESTART */
  CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
  CHECK_EQ(syscall(SYS_futex, &lock, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0), 0);
  pthread_t th;
  CHECK_EQ(pthread_create(&th, NULL, waiter, NULL), 0);
  while (!(atomic_load(&lock) & FUTEX_WAITERS)) nap(1);
  nap(20);
  CHECK_OK(syscall(SYS_tgkill, getpid(), atomic_load(&waiter_tid), SIGUSR1));
  while (!atomic_load(&handled)) nap(1);
  nap(50);
  CHECK_EQ(atomic_load(&result), 1); /* still waiting */
  CHECK(atomic_load(&lock) & FUTEX_WAITERS);
  CHECK_EQ(syscall(SYS_futex, &lock, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0), 0);
  CHECK_EQ(pthread_join(th, NULL), 0);
  CHECK_EQ(atomic_load(&result), 0);
  CHECK_EQ(atomic_load(&got_lock), atomic_load(&waiter_tid));
  CHECK_EQ(atomic_load(&lock), 0);
  DONE();
}
