// bind_abstract: abstract names (leading NUL) bind once (EADDRINUSE after), getsockname returns the name with its exact length, a second bind is EINVAL, a closed socket frees its name, each socket type has its own names, and connect to an unbound name is ECONNREFUSED.
#include "../common.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static socklen_t mk(struct sockaddr_un *a, const char *name) {
  memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  size_t n = strlen(name);
  memcpy(a->sun_path + 1, name, n);
  return offsetof(struct sockaddr_un, sun_path) + 1 + n;
}

int main(void) {
  char name[64];
  snprintf(name, sizeof name, "husk-bind-abstract-%d", getpid());
  struct sockaddr_un a, got;
  socklen_t al = mk(&a, name);
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(s >= 0);
  CHECK_OK(bind(s, (struct sockaddr *)&a, al));
  socklen_t gl = sizeof got;
  CHECK_OK(getsockname(s, (struct sockaddr *)&got, &gl));
  CHECK_EQ(gl, al);
  CHECK(memcmp(&got, &a, al) == 0);
  CHECK_ERR(bind(s, (struct sockaddr *)&a, al), EINVAL);
  int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_ERR(bind(s2, (struct sockaddr *)&a, al), EADDRINUSE);
  int d = socket(AF_UNIX, SOCK_DGRAM, 0); /* each type has its own abstract names */
  CHECK_OK(bind(d, (struct sockaddr *)&a, al));
  int c0 = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  CHECK_ERR(connect(c0, (struct sockaddr *)&a, al), ECONNREFUSED);
  CHECK_OK(close(s));
  CHECK_OK(bind(s2, (struct sockaddr *)&a, al));
  int c = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un none;
  char other[80];
  snprintf(other, sizeof other, "%s-nobody", name);
  socklen_t nl = mk(&none, other);
  CHECK_ERR(connect(c, (struct sockaddr *)&none, nl), ECONNREFUSED);
  struct sockaddr_un bad = {.sun_family = AF_INET};
  CHECK_ERR(bind(c, (struct sockaddr *)&bad, sizeof bad), EINVAL);
  CHECK_ERR(bind(c, (struct sockaddr *)&a, 1), EINVAL);
  DONE();
}
