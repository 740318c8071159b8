// write_proc_thread_comm: pthread_setname_np on another thread (a write to /proc/self/task/<tid>/comm) names that thread only; pthread_getname_np reads it back, and the process's comm stays.
#include "../common.h"
#include "proc.h"
#include <pthread.h>

static int ready[2], go[2];

static void *thread(void *arg) {
  (void)arg;
  char b = 0;
  write(ready[1], &b, 1);
  read(go[0], &b, 1);
  char name[16] = {0};
  pthread_getname_np(pthread_self(), name, sizeof name);
  return (void *)(long)(strcmp(name, "worker-one") == 0);
}

int main(int argc, char **argv) {
  (void)argc;
  CHECK_OK(pipe(ready));
  CHECK_OK(pipe(go));
  pthread_t th;
  CHECK_OK(pthread_create(&th, NULL, thread, NULL));
  char b;
  CHECK_EQ(read(ready[0], &b, 1), 1);
  CHECK_EQ(pthread_setname_np(th, "worker-one"), 0);
  char name[16] = {0};
  CHECK_EQ(pthread_getname_np(th, name, sizeof name), 0);
  CHECK(strcmp(name, "worker-one") == 0);
  CHECK_EQ(pthread_setname_np(th, "this-name-is-too-long"), ERANGE);
  char buf[64], want[32] = {0};
  const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  strncpy(want, base, 15);
  strcat(want, "\n");
  CHECK(slurp("/proc/self/comm", buf, sizeof buf) > 0);
  CHECK(strcmp(buf, want) == 0);
  CHECK_EQ(write(go[1], &b, 1), 1);
  void *ret;
  CHECK_OK(pthread_join(th, &ret));
  CHECK(ret == (void *)1);
  DONE();
}
