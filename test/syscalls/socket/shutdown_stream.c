// shutdown_stream: SHUT_WR makes the peer read EOF after the queued bytes and our own send EPIPE (MSG_NOSIGNAL: no SIGPIPE); SHUT_RD makes our reads return 0 and the peer's sends EPIPE; a bad how is EINVAL; an unconnected unix socket shuts down without ENOTCONN.
#include "../common.h"
#include <signal.h>
#include <sys/socket.h>

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  int sv[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_EQ(write(sv[0], "ab", 2), 2);
  CHECK_OK(shutdown(sv[0], SHUT_WR));
  char b[8];
  CHECK_EQ(read(sv[1], b, sizeof b), 2);
  CHECK_EQ(read(sv[1], b, sizeof b), 0);
  CHECK_ERR(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
  CHECK_EQ(write(sv[1], "back", 4), 4); /* the other way still works */
  CHECK_EQ(read(sv[0], b, sizeof b), 4);
  CHECK_ERR(shutdown(sv[0], 7), EINVAL);
  close(sv[0]);
  close(sv[1]);

  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_OK(shutdown(sv[0], SHUT_RD));
  CHECK_EQ(read(sv[0], b, sizeof b), 0);
  CHECK_ERR(write(sv[1], "x", 1), EPIPE);
  CHECK_OK(shutdown(sv[0], SHUT_RDWR));
  int u = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK(shutdown(u, SHUT_RDWR)); /* unix sockets: no ENOTCONN */
  DONE();
}
