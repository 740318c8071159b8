// recv_flags_peek_waitall: on a stream socket MSG_PEEK reads without consuming, MSG_DONTWAIT fails with EAGAIN when empty, and MSG_WAITALL waits until the whole buffer is filled by several writes from another process; a blocked recv is interrupted by a signal (EINTR without SA_RESTART).
#include "../common.h"
#include <signal.h>
#include <sys/time.h>
#include <sys/socket.h>

static void on_alarm(int s) { (void)s; }

int main(void) {
  int sv[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  char b[16] = {0};
  CHECK_ERR(recv(sv[0], b, sizeof b, MSG_DONTWAIT), EAGAIN);
  CHECK_EQ(write(sv[1], "peekaboo", 8), 8);
  CHECK_EQ(recv(sv[0], b, 4, MSG_PEEK), 4);
  CHECK(memcmp(b, "peek", 4) == 0);
  CHECK_EQ(recv(sv[0], b, sizeof b, 0), 8);
  CHECK(memcmp(b, "peekaboo", 8) == 0);
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < 4; i++) {
      usleep(20000);
      if (write(sv[1], "ab", 2) != 2) _exit(1);
    }
    _exit(0);
  }
  CHECK_EQ(recv(sv[0], b, 8, MSG_WAITALL), 8);
  CHECK(memcmp(b, "abababab", 8) == 0);
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);

  struct sigaction sa = {.sa_handler = on_alarm};
  sigaction(SIGALRM, &sa, NULL);
  struct itimerval it = {.it_value = {0, 50000}};
  setitimer(ITIMER_REAL, &it, NULL);
  CHECK_ERR(recv(sv[0], b, sizeof b, 0), EINTR);
  DONE();
}
