// fork_proc_concurrent_read: a thread reading /proc/self/stat and status and rewinding /proc/self/fd through shared descriptors while another thread forks again and again finishes (reading a /proc file and forking take no locks in opposite orders), and lseek back to 0 reads fresh contents.
#include "../common.h"
#include "proc.h"
#include <pthread.h>

static int fd_stat, fd_status, fd_dir;
static volatile int stop;
static volatile long reads;
static volatile int failed;

static void *reader(void *arg) {
  (void)arg;
  char buf[4096];
  while (!stop) {
    if (lseek(fd_stat, 0, SEEK_SET) != 0 || read(fd_stat, buf, sizeof buf) <= 0) { failed = 1; return (void *)-1; }
    if (pread(fd_status, buf, sizeof buf, 0) <= 0) { failed = 1; return (void *)-1; }
    if (lseek(fd_dir, 0, SEEK_SET) != 0 || syscall(SYS_getdents64, fd_dir, buf, sizeof buf) <= 0) { failed = 1; return (void *)-1; }
    reads++;
  }
  return (void *)reads;
}

int main(void) {
  fd_stat = open("/proc/self/stat", O_RDONLY);
  fd_status = open("/proc/self/status", O_RDONLY);
  fd_dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
  CHECK(fd_stat >= 0 && fd_status >= 0 && fd_dir >= 0);
  pthread_t th;
  CHECK_OK(pthread_create(&th, NULL, reader, NULL));
  int ok = 1;
  for (int i = 0; i < 200; i++) {
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) _exit(0);
    int st;
    ok = ok && c > 0 && waitpid(c, &st, 0) == c && WIFEXITED(st);
  }
  CHECK(ok);
  // The reader may not have been scheduled yet (a loaded host): let it read once.
  while (reads == 0 && !failed) sched_yield();
  stop = 1;
  void *ret;
  CHECK_OK(pthread_join(th, &ret));
  CHECK((long)ret > 0);
  // After the reads, lseek to 0 and read again: contents are regenerated.
  char a[4096];
  CHECK_EQ(lseek(fd_stat, 0, SEEK_SET), 0);
  CHECK(read(fd_stat, a, sizeof a) > 0);
  CHECK_EQ(atoi(a), getpid());
  CHECK_EQ(lseek(fd_stat, 3, SEEK_SET), 3);
  DONE();
}
