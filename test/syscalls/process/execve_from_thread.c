// execve_from_thread: execve called by a non-leader thread replaces the whole process: the other threads (the leader included) are gone, the new image runs with the process's pid (the caller takes the leader's tid), and the parent reaps it with the new image's status.
#include "../common.h"
#include <pthread.h>
#include <time.h>

static pid_t mypid;

static void *do_exec(void *arg) {
  (void)arg;
  char pid[32];
  snprintf(pid, sizeof pid, "%d", (int)mypid);
  /* The new image checks that $$ (its pid) is the process's pid. */
  char *argv[] = {"sh", "-c", "test \"$$\" = \"$1\" && exit 23; exit 1", "sh", pid, NULL};
  execve("/bin/sh", argv, NULL);
  return NULL;
}

static int child(void) {
  mypid = getpid();
  pthread_t t;
  pthread_create(&t, NULL, do_exec, NULL);
  for (;;) pause(); /* the leader blocks; the exec ends it */
}

int main(void) {
  CHECK_EQ(in_child(child), 23);
  DONE();
}
