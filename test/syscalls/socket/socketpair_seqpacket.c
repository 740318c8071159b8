// socketpair_seqpacket: a SOCK_SEQPACKET socketpair keeps record boundaries, reports MSG_TRUNC in msg_flags for a short buffer, reads 0 once the peer is closed, and fails writes with EPIPE but (unlike a stream) raises no SIGPIPE; nor does a datagram socket shut down for writing.
#include "../common.h"
#include <signal.h>
#include <sys/socket.h>

static volatile int pipes;
static void on_pipe(int s) { (void)s; pipes++; }

int main(void) {
  int sv[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
  CHECK_EQ(write(sv[0], "abc", 3), 3);
  CHECK_EQ(write(sv[0], "defgh", 5), 5);
  char buf[16] = {0};
  CHECK_EQ(read(sv[1], buf, sizeof buf), 3);
  struct iovec iov = {buf, 2};
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
  CHECK_EQ(recvmsg(sv[1], &m, 0), 2);
  CHECK(m.msg_flags & MSG_TRUNC);
  CHECK(memcmp(buf, "de", 2) == 0);
  int type = 0;
  socklen_t l = sizeof type;
  CHECK_OK(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &l));
  CHECK_EQ(type, SOCK_SEQPACKET);
  CHECK_OK(close(sv[0]));
  CHECK_EQ(read(sv[1], buf, sizeof buf), 0);
  signal(SIGPIPE, on_pipe);
  CHECK_ERR(write(sv[1], "x", 1), EPIPE);
  CHECK_ERR(send(sv[1], "x", 1, 0), EPIPE);
  CHECK_EQ(pipes, 0); /* no SIGPIPE from a seqpacket or datagram socket */
  CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  CHECK_OK(shutdown(sv[0], SHUT_WR));
  CHECK_ERR(write(sv[0], "x", 1), EPIPE);
  CHECK_EQ(pipes, 0);
  DONE();
}
