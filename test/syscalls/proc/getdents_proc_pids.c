// getdents_proc_pids: /proc lists the caller's pid and a live child's, not the child after it was reaped; /proc/<child>/stat shows a zombie as Z until wait.
#include "../common.h"
#include "proc.h"
#include <dirent.h>

static int listed(int pid) {
  DIR *d = opendir("/proc");
  if (!d) return -1;
  int found = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    char *end;
    long n = strtol(e->d_name, &end, 10);
    if (*end == 0 && n == pid) found = e->d_type == DT_DIR ? 1 : 2;
  }
  closedir(d);
  return found;
}

static char state(int pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  if (slurp(path, buf, sizeof buf) <= 0) return '?';
  char *p = strrchr(buf, ')');
  return p ? p[2] : '?';
}

int main(void) {
  CHECK_EQ(listed(getpid()), 1);
  int go[2], ready[2];
  CHECK_OK(pipe(go));
  CHECK_OK(pipe(ready));
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    char b;
    close(go[1]);
    write(ready[1], "r", 1);
    read(go[0], &b, 1);
    _exit(3);
  }
  char b;
  CHECK_EQ(read(ready[0], &b, 1), 1);
  CHECK_EQ(listed(c), 1);
  // The child sleeps in read once it gets there: poll.
  int sleeping = 0;
  for (int i = 0; i < 1000 && !sleeping; i++) {
    sleeping = state(c) == 'S';
    if (!sleeping) usleep(1000);
  }
  CHECK(sleeping);
  char path[64];
  snprintf(path, sizeof path, "/proc/%d", c);
  CHECK_OK(access(path, F_OK));
  close(go[1]);
  // Wait for the child to become a zombie without reaping it.
  siginfo_t si;
  CHECK_OK(waitid(P_PID, c, &si, WEXITED | WNOWAIT));
  CHECK(state(c) == 'Z');
  CHECK_EQ(listed(c), 1);
  int st;
  CHECK_EQ(waitpid(c, &st, 0), c);
  CHECK_EQ(listed(c), 0);
  CHECK_ERR(access(path, F_OK), ENOENT);
  DONE();
}
