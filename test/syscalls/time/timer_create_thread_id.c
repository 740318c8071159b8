// timer_create_thread_id: a POSIX timer with SIGEV_THREAD_ID delivers its signal to the named thread (its handler runs there, si_code SI_TIMER with the timer's value); a tid outside the process is EINVAL; SIGEV_THREAD_ID without a valid signal is EINVAL.
#include "../common.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

static _Atomic long on_tid;
static _Atomic int code, value;
static _Atomic long worker;
static _Atomic int done;

static void handler(int s, siginfo_t *si, void *uc) {
  (void)s;
  (void)uc;
  atomic_store(&code, si->si_code);
  atomic_store(&value, si->si_value.sival_int);
  atomic_store(&on_tid, syscall(SYS_gettid));
}

static void *run(void *arg) {
  (void)arg;
  atomic_store(&worker, syscall(SYS_gettid));
  while (!atomic_load(&done)) {
    struct timespec d = {0, 1000000};
    nanosleep(&d, NULL);
  }
  return NULL;
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  CHECK_OK(sigaction(SIGRTMIN, &sa, NULL));
  pthread_t th;
  CHECK_EQ(pthread_create(&th, NULL, run, NULL), 0);
  while (!atomic_load(&worker)) sched_yield();
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_THREAD_ID;
  ev.sigev_signo = SIGRTMIN;
  ev.sigev_value.sival_int = 99;
  ev.sigev_notify_thread_id = atomic_load(&worker);
  timer_t id;
  CHECK_OK(syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id));
  struct itimerspec its = {{0, 0}, {0, 20000000}};
  CHECK_OK(syscall(SYS_timer_settime, id, 0, &its, NULL));
  while (!atomic_load(&on_tid)) sched_yield();
  CHECK(atomic_load(&on_tid) == atomic_load(&worker));
  CHECK_EQ(atomic_load(&code), SI_TIMER);
  CHECK_EQ(atomic_load(&value), 99);
  CHECK_OK(syscall(SYS_timer_delete, id));
  atomic_store(&done, 1);
  CHECK_EQ(pthread_join(th, NULL), 0);

  ev.sigev_notify_thread_id = 0x3ffffff0;
  CHECK_ERR(syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id), EINVAL);
  ev.sigev_notify_thread_id = syscall(SYS_gettid);
  ev.sigev_signo = 0;
  CHECK_ERR(syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id), EINVAL);
  ev.sigev_signo = 65;
  CHECK_ERR(syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id), EINVAL);
  DONE();
}
