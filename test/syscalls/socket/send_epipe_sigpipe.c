// send_epipe_sigpipe: writing to a stream socket whose peer closed raises SIGPIPE and fails with EPIPE; send with MSG_NOSIGNAL fails with EPIPE and raises nothing; a peer that closed with data unread makes the next recv ECONNRESET, then EOF.
#include "../common.h"
#include <signal.h>
#include <sys/socket.h>

static volatile int pipes;
static void on_pipe(int s) { (void)s; pipes++; }

int main(void) {
  signal(SIGPIPE, on_pipe);
  int sv[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_OK(close(sv[1]));
  CHECK_ERR(write(sv[0], "x", 1), EPIPE);
  CHECK_EQ(pipes, 1);
  CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
  CHECK_EQ(pipes, 1);
  CHECK_ERR(send(sv[0], "x", 1, 0), EPIPE);
  CHECK_EQ(pipes, 2);
  close(sv[0]);

  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_EQ(write(sv[0], "unread", 6), 6);
  CHECK_OK(close(sv[1])); /* closes with data unread */
  char b[8];
  CHECK_ERR(read(sv[0], b, sizeof b), ECONNRESET);
  CHECK_EQ(read(sv[0], b, sizeof b), 0);
  DONE();
}
