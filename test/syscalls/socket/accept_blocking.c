// accept_blocking: a blocking accept waits until another process connects (and the two talk), and a blocking accept with nothing to accept is interrupted by a signal with EINTR (no SA_RESTART).
#include "../common.h"
#include <signal.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

static void on_alarm(int s) { (void)s; }

int main(void) {
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  int n = snprintf(a.sun_path + 1, sizeof a.sun_path - 1, "husk-acceptb-%d", getpid());
  socklen_t al = offsetof(struct sockaddr_un, sun_path) + 1 + n;
  int l = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK(bind(l, (struct sockaddr *)&a, al));
  CHECK_OK(listen(l, 4));
  pid_t pid = fork();
  if (pid == 0) {
    usleep(50000);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(c, (struct sockaddr *)&a, al) != 0) _exit(1);
    if (write(c, "ping", 4) != 4) _exit(2);
    char b[4];
    _exit(read(c, b, 4) == 4 && memcmp(b, "pong", 4) == 0 ? 0 : 3);
  }
  int s = accept(l, NULL, NULL);
  CHECK(s >= 0);
  char b[4];
  CHECK_EQ(read(s, b, 4), 4);
  CHECK(memcmp(b, "ping", 4) == 0);
  CHECK_EQ(write(s, "pong", 4), 4);
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);

  struct sigaction sa = {.sa_handler = on_alarm};
  sigaction(SIGALRM, &sa, NULL);
  struct itimerval it = {.it_value = {0, 50000}};
  setitimer(ITIMER_REAL, &it, NULL);
  CHECK_ERR(accept(l, NULL, NULL), EINTR);
  DONE();
}
