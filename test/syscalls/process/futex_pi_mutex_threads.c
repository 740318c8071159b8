// futex_pi_mutex_threads: glibc's PTHREAD_PRIO_INHERIT mutexes (FUTEX_LOCK_PI/UNLOCK_PI under contention) keep a shared counter exact across four threads; trylock on one another thread holds is EBUSY; the word is 0 once all unlocked; a robust PI mutex whose owner died goes to the next locker with EOWNERDEAD, even one already waiting for it.
#include "../common.h"
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#define THREADS 4
#define ROUNDS 2000

static pthread_mutex_t m, rm;
static long counter;
static _Atomic int holding, waiting_started;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < ROUNDS; i++) {
    pthread_mutex_lock(&m);
    long c = counter;
    if (i % 256 == 0) sched_yield();
    counter = c + 1;
    pthread_mutex_unlock(&m);
  }
  return NULL;
}

static void *hold_then_die(void *arg) {
  (void)arg;
  pthread_mutex_lock(&rm);
  atomic_store(&holding, 1);
  while (!atomic_load(&waiting_started)) {
    struct timespec d = {0, 1000000};
    nanosleep(&d, NULL);
  }
  struct timespec d = {0, 100000000};
  nanosleep(&d, NULL); /* let the main thread block in LOCK_PI */
  return NULL;         /* dies holding rm */
}

static void *hold_briefly(void *arg) {
  (void)arg;
  pthread_mutex_lock(&m);
  atomic_store(&holding, 1);
  while (atomic_load(&holding) == 1) {
    struct timespec d = {0, 1000000};
    nanosleep(&d, NULL);
  }
  pthread_mutex_unlock(&m);
  return NULL;
}

int main(void) {
  pthread_mutexattr_t at;
  pthread_mutexattr_init(&at);
  CHECK_EQ(pthread_mutexattr_setprotocol(&at, PTHREAD_PRIO_INHERIT), 0);
  CHECK_EQ(pthread_mutex_init(&m, &at), 0);
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++) CHECK_EQ(pthread_create(&t[i], NULL, worker, NULL), 0);
  for (int i = 0; i < THREADS; i++) CHECK_EQ(pthread_join(t[i], NULL), 0);
  CHECK_EQ(counter, THREADS * ROUNDS);
  CHECK_EQ(m.__data.__lock, 0);

  pthread_t h;
  CHECK_EQ(pthread_create(&h, NULL, hold_briefly, NULL), 0);
  while (!atomic_load(&holding)) sched_yield();
  CHECK_EQ(pthread_mutex_trylock(&m), EBUSY);
  atomic_store(&holding, 2);
  CHECK_EQ(pthread_mutex_lock(&m), 0);
  CHECK_EQ(pthread_mutex_unlock(&m), 0);
  CHECK_EQ(pthread_join(h, NULL), 0);
  CHECK_EQ(m.__data.__lock, 0);

  atomic_store(&holding, 0);
  CHECK_EQ(pthread_mutexattr_setrobust(&at, PTHREAD_MUTEX_ROBUST), 0);
  CHECK_EQ(pthread_mutex_init(&rm, &at), 0);
  CHECK_EQ(pthread_create(&h, NULL, hold_then_die, NULL), 0);
  while (!atomic_load(&holding)) sched_yield();
  atomic_store(&waiting_started, 1);
  CHECK_EQ(pthread_mutex_lock(&rm), EOWNERDEAD);
  CHECK_EQ(pthread_mutex_consistent(&rm), 0);
  CHECK_EQ(pthread_mutex_unlock(&rm), 0);
  CHECK_EQ(pthread_join(h, NULL), 0);
  CHECK_EQ(pthread_mutex_lock(&rm), 0);
  CHECK_EQ(pthread_mutex_unlock(&rm), 0);
  CHECK_EQ(rm.__data.__lock, 0);
  DONE();
}
