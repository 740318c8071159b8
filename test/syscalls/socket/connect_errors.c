// connect_errors: connect to a missing path is ENOENT, to a regular file ECONNREFUSED, to a path bound by a socket of another type EPROTOTYPE (an abstract name of another type: ECONNREFUSED, names are per type), to a bound but not listening stream socket ECONNREFUSED, a second connect EISCONN; listen on a datagram socket is EOPNOTSUPP and on an unbound one EINVAL; calls on a non-socket are ENOTSOCK.
// husk-tmpfs: /dev/shm
#include "../common.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <fcntl.h>

static socklen_t abs_addr(struct sockaddr_un *a, const char *tag) {
  memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  int n = snprintf(a->sun_path + 1, sizeof a->sun_path - 1, "husk-ce-%s-%d", tag, getpid());
  return offsetof(struct sockaddr_un, sun_path) + 1 + n;
}

int main(void) {
  struct sockaddr_un p = {.sun_family = AF_UNIX};
  strcpy(p.sun_path, "no-such-socket-file");
  int c = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_ERR(connect(c, (struct sockaddr *)&p, sizeof p), ENOENT);
  int f = open(".", O_RDONLY);
  strcpy(p.sun_path, "/proc/self/status");
  CHECK_ERR(connect(c, (struct sockaddr *)&p, sizeof p), ECONNREFUSED);

  struct sockaddr_un d, s, l;
  socklen_t dl = abs_addr(&d, "dgram"), sl = abs_addr(&s, "idle"), ll = abs_addr(&l, "listen");
  int ds = socket(AF_UNIX, SOCK_DGRAM, 0);
  CHECK_OK(bind(ds, (struct sockaddr *)&d, dl));
  CHECK_ERR(connect(c, (struct sockaddr *)&d, dl), ECONNREFUSED); /* abstract names are per type */
  CHECK_ERR(listen(ds, 1), EOPNOTSUPP);
  int idle = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_ERR(listen(idle, 1), EINVAL);
  CHECK_OK(bind(idle, (struct sockaddr *)&s, sl));
  CHECK_ERR(connect(c, (struct sockaddr *)&s, sl), ECONNREFUSED);
  int ls = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK(bind(ls, (struct sockaddr *)&l, ll));
  CHECK_OK(listen(ls, 4));
  int sq = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  CHECK_ERR(connect(sq, (struct sockaddr *)&l, ll), ECONNREFUSED);
  struct sockaddr_un dp = {.sun_family = AF_UNIX};
  snprintf(dp.sun_path, sizeof dp.sun_path, "/dev/shm/husk-ce-%d", getpid());
  int dps = socket(AF_UNIX, SOCK_DGRAM, 0);
  CHECK_OK(bind(dps, (struct sockaddr *)&dp, sizeof dp));
  CHECK_ERR(connect(sq, (struct sockaddr *)&dp, sizeof dp), EPROTOTYPE); /* a path names one socket */
  CHECK_OK(unlink(dp.sun_path));
  CHECK_OK(connect(c, (struct sockaddr *)&l, ll));
  CHECK_ERR(connect(c, (struct sockaddr *)&l, ll), EISCONN);
  CHECK_ERR(accept(c, NULL, NULL), EINVAL);
  CHECK_ERR(listen(c, 1), EINVAL);
  CHECK_ERR(connect(ls, (struct sockaddr *)&l, ll), EINVAL);
  CHECK_ERR(listen(f, 1), ENOTSOCK);
  CHECK_ERR(connect(f, (struct sockaddr *)&l, ll), ENOTSOCK);
  CHECK_ERR(accept(f, NULL, NULL), ENOTSOCK);
  CHECK_ERR(shutdown(f, SHUT_RD), ENOTSOCK);
  CHECK_ERR(listen(999, 1), EBADF);
  CHECK_OK(close(ls));
  int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_ERR(connect(c2, (struct sockaddr *)&l, ll), ECONNREFUSED);
  DONE();
}
