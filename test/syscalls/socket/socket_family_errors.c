// socket_family_errors: socket and socketpair refuse what Linux refuses for every kernel: an unknown family EAFNOSUPPORT, a bad type or flag EINVAL, an unserved unix type ESOCKTNOSUPPORT, a unix protocol other than 0 EPROTONOSUPPORT; SOCK_RAW on AF_UNIX is a datagram socket.
#include "../common.h"
#include <sys/socket.h>
#include <fcntl.h>

int main(void) {
  int sv[2];
  CHECK_ERR(socket(12345, SOCK_STREAM, 0), EAFNOSUPPORT);
  CHECK_ERR(socket(-1, SOCK_STREAM, 0), EAFNOSUPPORT);
  CHECK_ERR(socket(AF_UNIX, 99, 0), EINVAL);
  CHECK_ERR(socket(AF_UNIX, SOCK_STREAM | 0x100, 0), EINVAL);
  CHECK_ERR(socket(AF_UNIX, SOCK_RDM, 0), ESOCKTNOSUPPORT);
  CHECK_ERR(socket(AF_UNIX, SOCK_STREAM, 6), EPROTONOSUPPORT);
  CHECK_ERR(socketpair(12345, SOCK_STREAM, 0, sv), EAFNOSUPPORT);
  CHECK_ERR(socketpair(AF_UNIX, SOCK_RDM, 0, sv), ESOCKTNOSUPPORT);
  int r = socket(AF_UNIX, SOCK_RAW, 0);
  CHECK(r >= 0);
  int t = 0;
  socklen_t l = sizeof t;
  CHECK_OK(getsockopt(r, SOL_SOCKET, SO_TYPE, &t, &l));
  CHECK_EQ(t, SOCK_DGRAM);
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  CHECK(s >= 0);
  CHECK_EQ(fcntl(s, F_GETFD), FD_CLOEXEC);
  CHECK(fcntl(s, F_GETFL) & O_NONBLOCK);
  DONE();
}
