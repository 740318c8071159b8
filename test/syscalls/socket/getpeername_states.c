// getpeername_states: getpeername is ENOTCONN before connect and on a listener, gives the family alone for an unnamed peer (a socketpair), still answers after the peer closed, and EFAULT for a bad pointer.
#include "../common.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
  struct sockaddr_un a;
  socklen_t l = sizeof a;
  int u = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_ERR(getpeername(u, (struct sockaddr *)&a, &l), ENOTCONN);
  int sv[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  l = sizeof a;
  CHECK_OK(getpeername(sv[0], (struct sockaddr *)&a, &l));
  CHECK_EQ(l, sizeof(sa_family_t));
  CHECK_EQ(a.sun_family, AF_UNIX);
  CHECK_OK(close(sv[1]));
  l = sizeof a;
  CHECK_OK(getpeername(sv[0], (struct sockaddr *)&a, &l));
  CHECK_EQ(l, sizeof(sa_family_t));
  CHECK_ERR(getpeername(sv[0], (struct sockaddr *)&a, bad_ptr()), EFAULT);
  struct sockaddr_un b = {.sun_family = AF_UNIX};
  int n = snprintf(b.sun_path + 1, sizeof b.sun_path - 1, "husk-peername-%d", getpid());
  CHECK_OK(bind(u, (struct sockaddr *)&b, offsetof(struct sockaddr_un, sun_path) + 1 + n));
  CHECK_OK(listen(u, 1));
  l = sizeof a;
  CHECK_ERR(getpeername(u, (struct sockaddr *)&a, &l), ENOTCONN);
  DONE();
}
