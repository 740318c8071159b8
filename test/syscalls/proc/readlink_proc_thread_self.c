// readlink_proc_thread_self: /proc/self reads as the caller's pid and /proc/thread-self as pid/task/tid, in the main thread and in another thread.
#include "../common.h"
#include "proc.h"
#include <pthread.h>

static int check(void) {
  char got[64], want[64];
  ssize_t n = readlink("/proc/self", got, sizeof got - 1);
  if (n < 0) return 0;
  got[n] = 0;
  snprintf(want, sizeof want, "%d", getpid());
  if (strcmp(got, want) != 0) return 0;
  n = readlink("/proc/thread-self", got, sizeof got - 1);
  if (n < 0) return 0;
  got[n] = 0;
  snprintf(want, sizeof want, "%d/task/%d", getpid(), (int)gettid());
  if (strcmp(got, want) != 0) return 0;
  // A file under thread-self is the thread's own.
  char buf[256];
  if (slurp("/proc/thread-self/stat", buf, sizeof buf) <= 0) return 0;
  return atoi(buf) == gettid();
}

static void *thread(void *arg) {
  (void)arg;
  return (void *)(long)(check() && gettid() != getpid());
}

int main(void) {
  CHECK(check());
  pthread_t th;
  void *ret = NULL;
  CHECK_OK(pthread_create(&th, NULL, thread, NULL));
  CHECK_OK(pthread_join(th, &ret));
  CHECK(ret == (void *)1);
  DONE();
}
