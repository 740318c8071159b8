// sched_getparam_errors: sched_getparam reports priority 0 for the caller, one of its threads and another process under SCHED_OTHER; a negative pid or a NULL pointer is EINVAL, an unknown pid ESRCH, a bad pointer EFAULT.
#include "../common.h"
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>

static _Atomic long tid;
static _Atomic int stop;
static void *spin(void *arg) {
  (void)arg;
  atomic_store(&tid, syscall(SYS_gettid));
  while (!atomic_load(&stop)) sched_yield();
  return NULL;
}

int main(void) {
  struct sched_param p = {.sched_priority = 77};
  CHECK_OK(sched_getparam(0, &p));
  CHECK_EQ(p.sched_priority, 0);
  pthread_t t;
  CHECK_EQ(pthread_create(&t, NULL, spin, NULL), 0);
  while (!atomic_load(&tid)) sched_yield();
  p.sched_priority = 77;
  CHECK_OK(sched_getparam(atomic_load(&tid), &p));
  CHECK_EQ(p.sched_priority, 0);
  atomic_store(&stop, 1);
  CHECK_EQ(pthread_join(t, NULL), 0);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    pause();
    _exit(0);
  }
  p.sched_priority = 77;
  CHECK_OK(sched_getparam(c, &p));
  CHECK_EQ(p.sched_priority, 0);
  kill(c, SIGKILL);
  waitpid(c, NULL, 0);
  CHECK_ERR(sched_getparam(-1, &p), EINVAL);
  CHECK_ERR(syscall(SYS_sched_getparam, 0, NULL), EINVAL);
  CHECK_ERR(sched_getparam(0x3ffffff0, &p), ESRCH);
  CHECK_ERR(sched_getparam(0, bad_ptr()), EFAULT);
  DONE();
}
