// exit_group_thread: a thread that calls exit_group ends every thread of its process with its status while the main thread is blocked in read; a thread that calls exit ends only itself (the process goes on); when the main thread exits with the exit syscall first, the process lives until its last thread ends (glibc then exits with status 0, not the leader's 6).
#include "../common.h"
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

static int pfd[2];

static void *group_exit(void *arg) {
  (void)arg;
  struct timespec d = {0, 50000000};
  nanosleep(&d, NULL);
  syscall(SYS_exit_group, 9);
  return NULL;
}

static int blocked_main(void) {
  pthread_t t;
  pthread_create(&t, NULL, group_exit, NULL);
  char b;
  read(pfd[0], &b, 1); /* never returns: nobody writes */
  return 1;
}

static void *thread_exit(void *arg) {
  (void)arg;
  syscall(SYS_exit, 3); /* this thread only */
  return NULL;
}

static int one_thread(void) {
  pthread_t t;
  pthread_create(&t, NULL, thread_exit, NULL);
  struct timespec d = {0, 50000000};
  nanosleep(&d, NULL);
  return 4; /* the process is still here */
}

static void *outlive(void *arg) {
  (void)arg;
  struct timespec d = {0, 100000000};
  nanosleep(&d, NULL);
  write(pfd[1], "t", 1);
  return NULL;
}

static int leader_first(void) {
  pthread_t t;
  pthread_create(&t, NULL, outlive, NULL);
  syscall(SYS_exit, 6); /* the leader thread ends; the other goes on */
  return 1;
}

int main(void) {
  CHECK_OK(pipe(pfd));
  CHECK_EQ(in_child(blocked_main), 9);
  CHECK_EQ(in_child(one_thread), 4);
  CHECK_EQ(in_child(leader_first), 0);
  char b = 0;
  CHECK_EQ(read(pfd[0], &b, 1), 1);
  CHECK_EQ(b, 't');
  DONE();
}
