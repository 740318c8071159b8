// pidfd_open_threads: a pidfd of a multithreaded child is not readable while any of its threads runs, even after the main thread has exited, and becomes readable when the last thread exits; pidfd_send_signal of SIGKILL ends the whole child.
#include "../common.h"
#include <poll.h>
#include <pthread.h>
#include <signal.h>

static int pipefd[2];

static void *lingerer(void *arg) {
  (void)arg;
  char c;
  read(pipefd[0], &c, 1);
  return NULL;
}

static void *sleeper(void *arg) {
  (void)arg;
  for (;;)
    pause();
  return NULL;
}

int main(void) {
  CHECK_OK(pipe(pipefd));
  pid_t pid = fork();
  if (pid == 0) {
    pthread_t th;
    pthread_create(&th, NULL, lingerer, NULL);
    pthread_exit(NULL); // the main thread goes, the process stays
  }
  int pfd = syscall(SYS_pidfd_open, pid, 0);
  CHECK(pfd >= 0);
  usleep(100000);
  struct pollfd p = {pfd, POLLIN, 0};
  CHECK_EQ(poll(&p, 1, 0), 0);
  CHECK_EQ(write(pipefd[1], "x", 1), 1);
  CHECK_EQ(poll(&p, 1, 5000), 1);
  CHECK_EQ(p.revents, POLLIN);
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);

  pid = fork();
  if (pid == 0) {
    pthread_t th;
    pthread_create(&th, NULL, sleeper, NULL);
    for (;;)
      pause();
  }
  pfd = syscall(SYS_pidfd_open, pid, 0);
  CHECK(pfd >= 0);
  CHECK_OK(syscall(SYS_pidfd_send_signal, pfd, SIGKILL, NULL, 0));
  p.revents = 0;
  CHECK_EQ(poll(&p, 1, 5000), 1);
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
  DONE();
}
