// getdents_proc_self_task: /proc/self/task lists every thread's tid while it lives; status shows the thread count, task/<tid>/stat starts with the tid, and so does /proc/<tid>/stat.
#include "../common.h"
#include "proc.h"
#include <dirent.h>
#include <pthread.h>

static int ready[2], go[2];
static pid_t other;

static int tasks(pid_t want, int *count) {
  DIR *d = opendir("/proc/self/task");
  if (!d) return -1;
  int found = 0;
  *count = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    (*count)++;
    if (atoi(e->d_name) == want) found = 1;
  }
  closedir(d);
  return found;
}

static void *thread(void *arg) {
  (void)arg;
  other = gettid();
  char b = 0;
  write(ready[1], &b, 1);
  read(go[0], &b, 1);
  return NULL;
}

int main(void) {
  CHECK_OK(pipe(ready));
  CHECK_OK(pipe(go));
  pthread_t th;
  CHECK_OK(pthread_create(&th, NULL, thread, NULL));
  char b;
  CHECK_EQ(read(ready[0], &b, 1), 1);
  int n;
  CHECK_EQ(tasks(getpid(), &n), 1);
  CHECK_EQ(tasks(other, &n), 1);
  CHECK_EQ(n, 2);
  char buf[8192], path[64];
  CHECK(slurp("/proc/self/status", buf, sizeof buf) > 0);
  CHECK_EQ(atoi(field(buf, "Threads")), 2);
  snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)other);
  CHECK(slurp(path, buf, sizeof buf) > 0);
  CHECK_EQ(atoi(buf), other);
  snprintf(path, sizeof path, "/proc/self/task/%d/status", (int)other);
  CHECK(slurp(path, buf, sizeof buf) > 0);
  CHECK_EQ(atoi(field(buf, "Pid")), other);
  CHECK_EQ(atoi(field(buf, "Tgid")), getpid());
  // /proc/<tid> of a thread works, though /proc does not list it.
  snprintf(path, sizeof path, "/proc/%d/stat", (int)other);
  CHECK(slurp(path, buf, sizeof buf) > 0);
  CHECK_EQ(atoi(buf), other);
  CHECK_EQ(write(go[1], &b, 1), 1);
  CHECK_OK(pthread_join(th, NULL));
  // The thread leaves the list just after join returns (its tid word is
  // cleared before it is released): poll.
  int gone = 0;
  for (int i = 0; i < 1000 && !gone; i++) {
    gone = tasks(other, &n) == 0 && n == 1;
    if (!gone) usleep(1000);
  }
  CHECK(gone);
  DONE();
}
