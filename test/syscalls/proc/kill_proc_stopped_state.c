// kill_proc_stopped_state: /proc/<pid>/stat and status show a child stopped by SIGSTOP as T (stopped), and as sleeping again after SIGCONT.
#include "../common.h"
#include "proc.h"
#include <signal.h>

static char state(pid_t pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  if (slurp(path, buf, sizeof buf) <= 0) return '?';
  char *p = strrchr(buf, ')');
  return p ? p[2] : '?';
}

static int wait_state(pid_t pid, char want) {
  for (int i = 0; i < 2000; i++) {
    if (state(pid) == want) return 1;
    usleep(1000);
  }
  return 0;
}

int main(void) {
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    for (;;) pause();
  }
  CHECK(wait_state(c, 'S'));
  CHECK_OK(kill(c, SIGSTOP));
  int st;
  CHECK_EQ(waitpid(c, &st, WUNTRACED), c);
  CHECK(WIFSTOPPED(st));
  CHECK(state(c) == 'T');
  char path[64], buf[4096];
  snprintf(path, sizeof path, "/proc/%d/status", (int)c);
  CHECK(slurp(path, buf, sizeof buf) > 0);
  CHECK(field(buf, "State") && strncmp(field(buf, "State"), "T (stopped)", 11) == 0);
  CHECK_OK(kill(c, SIGCONT));
  CHECK_EQ(waitpid(c, &st, WCONTINUED), c);
  CHECK(WIFCONTINUED(st));
  CHECK(wait_state(c, 'S'));
  CHECK_OK(kill(c, SIGKILL));
  CHECK_EQ(waitpid(c, &st, 0), c);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
  DONE();
}
