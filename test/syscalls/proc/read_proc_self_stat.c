// read_proc_self_stat: /proc/self/stat's pid, comm, state, ppid, pgrp, session and thread count fields are the caller's, and it has Linux's 52 fields.
#include "../common.h"
#include "proc.h"

int main(int argc, char **argv) {
  (void)argc;
  char buf[4096];
  CHECK(slurp("/proc/self/stat", buf, sizeof buf) > 0);
  int pid, ppid, pgrp, sid;
  char state;
  char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
  CHECK(open_paren && close_paren);
  CHECK(sscanf(buf, "%d", &pid) == 1);
  CHECK_EQ(pid, getpid());
  const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  char comm[16] = {0};
  strncpy(comm, base, 15);
  *close_paren = 0;
  CHECK(strcmp(open_paren + 1, comm) == 0);
  CHECK(sscanf(close_paren + 2, "%c %d %d %d", &state, &ppid, &pgrp, &sid) == 4);
  CHECK(state == 'R');
  CHECK_EQ(ppid, getppid());
  CHECK_EQ(pgrp, getpgrp());
  CHECK_EQ(sid, getsid(0));
  // Count the fields after the comm: 50 more (fields 3..52).
  int n = 0;
  for (char *p = close_paren + 1; *p; p++)
    if (*p == ' ') n++;
  CHECK_EQ(n, 50);
  long threads = 0;
  char *p = close_paren + 2;
  for (int i = 3; i < 20; i++) p = strchr(p, ' ') + 1;
  threads = strtol(p, NULL, 10);
  CHECK_EQ(threads, 1);
  // The thread's own stat under task/ has the same pid.
  char path[64], tbuf[4096];
  snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)gettid());
  CHECK(slurp(path, tbuf, sizeof tbuf) > 0);
  CHECK_EQ(atoi(tbuf), gettid());
  DONE();
}
