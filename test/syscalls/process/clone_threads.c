// clone_threads: pthreads share memory and a mutex (4 threads x 10000 increments), see the process's pid from every thread with distinct tids, pthread_join returns each thread's value (the kernel clears and wakes clear_child_tid), and exit_group from a thread ends the whole process with its status.
#include "../common.h"
#include <pthread.h>
#include <sys/wait.h>

static int counter;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pid_t main_tid;

static void *work(void *arg) {
  for (int i = 0; i < 10000; i++) {
    pthread_mutex_lock(&mu);
    counter++;
    pthread_mutex_unlock(&mu);
  }
  long ok = getpid() == (pid_t)(long)arg && gettid() != main_tid;
  return (void *)ok;
}

static void *exiter(void *arg) {
  (void)arg;
  syscall(SYS_exit_group, 7);
  return NULL;
}

int main(void) {
  main_tid = gettid();
  CHECK_EQ(main_tid, getpid());
  pthread_t th[4];
  for (int i = 0; i < 4; i++) CHECK_OK(pthread_create(&th[i], NULL, work, (void *)(long)getpid()));
  for (int i = 0; i < 4; i++) {
    void *r;
    CHECK_OK(pthread_join(th[i], &r));
    CHECK_EQ((long)r, 1);
  }
  CHECK_EQ(counter, 40000);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    pthread_t t;
    pthread_create(&t, NULL, exiter, NULL);
    for (;;) pause();
  }
  int status;
  CHECK_EQ(waitpid(c, &status, 0), c);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 7);
  DONE();
}
