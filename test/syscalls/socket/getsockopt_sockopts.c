// getsockopt_sockopts: SO_TYPE, SO_DOMAIN, SO_PROTOCOL, SO_ACCEPTCONN and SO_ERROR read as Linux gives them; SO_SNDBUF/SO_RCVBUF are doubled when set and clamped to their minimums; SO_REUSEADDR is accepted; a short optlen truncates; an unknown option is ENOPROTOOPT and another level EOPNOTSUPP.
#include "../common.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static int get(int s, int opt) {
  int v = -1;
  socklen_t l = sizeof v;
  if (getsockopt(s, SOL_SOCKET, opt, &v, &l) != 0) return -100 - errno;
  return v;
}

int main(void) {
  int s = socket(AF_UNIX, SOCK_DGRAM, 0);
  CHECK_EQ(get(s, SO_TYPE), SOCK_DGRAM);
  CHECK_EQ(get(s, SO_DOMAIN), AF_UNIX);
  CHECK_EQ(get(s, SO_PROTOCOL), 0);
  CHECK_EQ(get(s, SO_ACCEPTCONN), 0);
  CHECK_EQ(get(s, SO_ERROR), 0);
  int v = 10000;
  CHECK_OK(setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, sizeof v));
  CHECK_EQ(get(s, SO_SNDBUF), 20000);
  CHECK_OK(setsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, sizeof v));
  CHECK_EQ(get(s, SO_RCVBUF), 20000);
  v = 1;
  CHECK_OK(setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, sizeof v));
  CHECK_EQ(get(s, SO_SNDBUF), 4608);
  CHECK_OK(setsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, sizeof v));
  CHECK_EQ(get(s, SO_RCVBUF), 2304);
  CHECK_OK(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
  CHECK_EQ(get(s, SO_REUSEADDR), 1);
  CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, 2), EINVAL);
  CHECK_ERR(setsockopt(s, SOL_SOCKET, 9999, &v, sizeof v), ENOPROTOOPT);
  CHECK_ERR(setsockopt(s, 6 /* IPPROTO_TCP */, 1, &v, sizeof v), EOPNOTSUPP);
  int x = 9999;
  socklen_t l = sizeof x;
  CHECK_ERR(getsockopt(s, SOL_SOCKET, 9999, &x, &l), ENOPROTOOPT);
  char small = 0;
  l = 1;
  CHECK_OK(getsockopt(s, SOL_SOCKET, SO_TYPE, &small, &l));
  CHECK_EQ(l, 1);
  CHECK_EQ(small, SOCK_DGRAM);

  int ls = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  int n = snprintf(a.sun_path + 1, sizeof a.sun_path - 1, "husk-opts-%d", getpid());
  CHECK_OK(bind(ls, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path) + 1 + n));
  CHECK_OK(listen(ls, 1));
  CHECK_EQ(get(ls, SO_ACCEPTCONN), 1);
  CHECK_EQ(get(ls, SO_TYPE), SOCK_SEQPACKET);
  DONE();
}
