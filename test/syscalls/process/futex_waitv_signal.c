// futex_waitv_signal: a signal whose handler has no SA_RESTART ends a futex_waitv with EINTR; with SA_RESTART the wait goes on and returns the index a later FUTEX_WAKE picks; a futex_waitv woken by FUTEX_WAKE_BITSET with any bitset still returns that index; a wake aimed at another word leaves it waiting.
#include "../common.h"
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif

struct waitv {
  uint64_t val, uaddr;
  uint32_t flags, reserved;
};

static _Atomic uint32_t w[3], other;
static _Atomic long tid;
static _Atomic long result = -100;
static _Atomic int err;
static volatile sig_atomic_t handled;

static void on_usr1(int s) {
  (void)s;
  handled++;
}

static void *waiter(void *arg) {
  (void)arg;
  struct waitv v[3];
  for (int i = 0; i < 3; i++) v[i] = (struct waitv){0, (uintptr_t)&w[i], 0x02 | 128, 0};
  atomic_store(&tid, syscall(SYS_gettid));
  long r = syscall(SYS_futex_waitv, v, 3, 0, NULL, 0);
  atomic_store(&err, r < 0 ? errno : 0);
  atomic_store(&result, r);
  return NULL;
}

static void nap(long ms) {
  struct timespec d = {0, ms * 1000000};
  nanosleep(&d, NULL);
}

static long run(int restart, int wake_index, int bitset) {
  struct sigaction sa = {0};
  sa.sa_handler = on_usr1;
  sa.sa_flags = restart ? SA_RESTART : 0;
  sigaction(SIGUSR1, &sa, NULL);
  atomic_store(&tid, 0);
  atomic_store(&result, -100);
  handled = 0;
  pthread_t t;
  pthread_create(&t, NULL, waiter, NULL);
  while (!atomic_load(&tid)) nap(1);
  nap(50);
  syscall(SYS_tgkill, getpid(), atomic_load(&tid), SIGUSR1);
  nap(50);
  if (atomic_load(&result) == -100) {
    syscall(SYS_futex, &other, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    nap(20);
    for (int i = 0; i < 100 && atomic_load(&result) == -100; i++) {
      if (bitset)
        syscall(SYS_futex, &w[wake_index], FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0x10);
      else
        syscall(SYS_futex, &w[wake_index], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
      nap(10);
    }
  }
  pthread_join(t, NULL);
  return atomic_load(&result);
}

int main(void) {
  CHECK_EQ(run(0, 0, 0), -1);
  CHECK_EQ(atomic_load(&err), EINTR);
  CHECK_EQ(run(1, 1, 0), 1);
  CHECK(handled >= 1);
  CHECK_EQ(run(1, 2, 1), 2);
  DONE();
}
