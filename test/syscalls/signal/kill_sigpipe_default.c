// kill_sigpipe_default: a write to a pipe with no reader kills the writer with SIGPIPE by default; with SIGPIPE ignored the write is EPIPE instead.
#include "../common.h"
#include <signal.h>
#include <sys/wait.h>

static int writer(void) {
  int p[2];
  if (pipe(p)) return 1;
  close(p[0]);
  write(p[1], "x", 1);
  return 2; /* not reached: SIGPIPE */
}

int main(void) {
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) _exit(writer());
  int status;
  CHECK_EQ(waitpid(c, &status, 0), c);
  CHECK(WIFSIGNALED(status));
  CHECK_EQ(WTERMSIG(status), SIGPIPE);
  signal(SIGPIPE, SIG_IGN);
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_OK(close(p[0]));
  CHECK_ERR(write(p[1], "x", 1), EPIPE);
  DONE();
}
