// prctl_child_subreaper: in a child that set PR_SET_CHILD_SUBREAPER (so that the subreaper is not init), an orphaned grandchild is reparented to it (getppid names it) and reaped by its wait; PR_GET_CHILD_SUBREAPER reads the flag back; a child does not inherit it.
#include "../common.h"
#include <sys/prctl.h>
#include <time.h>

static int reaper(void) {
  int flag = -1;
  CHECK_OK(prctl(PR_GET_CHILD_SUBREAPER, &flag));
  CHECK_EQ(flag, 0);
  CHECK_OK(prctl(PR_SET_CHILD_SUBREAPER, 1));
  CHECK_OK(prctl(PR_GET_CHILD_SUBREAPER, &flag));
  CHECK_EQ(flag, 1);
  int p[2];
  CHECK_OK(pipe(p));
  pid_t me = getpid();
  fflush(stdout);
  pid_t mid = fork();
  if (mid == 0) {
    int f = -1;
    prctl(PR_GET_CHILD_SUBREAPER, &f);
    pid_t gc = fork();
    if (gc == 0) {
      /* wait until the parent is gone, then report who adopted us */
      while (getppid() != me) {
        struct timespec d = {0, 5000000};
        nanosleep(&d, NULL);
      }
      char ok = 'y';
      write(p[1], &ok, 1);
      _exit(42);
    }
    write(p[1], &gc, sizeof gc);
    _exit(f == 0 ? 0 : 1);
  }
  int st;
  CHECK_EQ(waitpid(mid, &st, 0), mid);
  CHECK_EQ(WEXITSTATUS(st), 0);
  pid_t gc;
  CHECK_EQ(read(p[0], &gc, sizeof gc), sizeof gc);
  char ok = 0;
  CHECK_EQ(read(p[0], &ok, 1), 1);
  CHECK_EQ(ok, 'y');
  CHECK_EQ(waitpid(gc, &st, 0), gc);
  CHECK(WIFEXITED(st));
  CHECK_EQ(WEXITSTATUS(st), 42);
  CHECK_ERR(waitpid(-1, &st, WNOHANG), ECHILD);
  return husk_failures ? 1 : 0;
}

int main(void) {
  CHECK_EQ(in_child(reaper), 0);
  DONE();
}
