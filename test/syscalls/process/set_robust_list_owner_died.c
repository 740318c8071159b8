// set_robust_list_owner_died: a thread that dies holding a robust mutex leaves it to the next locker with EOWNERDEAD (the kernel walked its robust list); pthread_mutex_consistent makes it usable again; set_robust_list with a bad length is EINVAL; get_robust_list reports the list's size.
#include "../common.h"
#include <pthread.h>

static pthread_mutex_t m;

static void *die_holding(void *arg) {
  (void)arg;
  pthread_mutex_lock(&m);
  return NULL; /* exits without unlocking */
}

int main(void) {
  pthread_mutexattr_t at;
  pthread_mutexattr_init(&at);
  pthread_mutexattr_setrobust(&at, PTHREAD_MUTEX_ROBUST);
  CHECK_OK(pthread_mutex_init(&m, &at));
  pthread_t t;
  CHECK_OK(pthread_create(&t, NULL, die_holding, NULL));
  CHECK_OK(pthread_join(t, NULL));
  CHECK_EQ(pthread_mutex_lock(&m), EOWNERDEAD);
  CHECK_OK(pthread_mutex_consistent(&m));
  CHECK_OK(pthread_mutex_unlock(&m));
  CHECK_OK(pthread_mutex_lock(&m));
  CHECK_OK(pthread_mutex_unlock(&m));
  CHECK_ERR(syscall(SYS_set_robust_list, NULL, 1), EINVAL);
  void *head;
  size_t len;
  CHECK_OK(syscall(SYS_get_robust_list, 0, &head, &len));
  CHECK_EQ(len, 24);
  DONE();
}
