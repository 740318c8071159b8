// getsockopt_peercred: SO_PEERCRED gives the peer's pid, uid and gid (a socketpair: our own; a connection: the other process's, both ways), SO_PASSCRED defaults off, and an unconnected socket reports pid 0 with uid and gid -1.
#include "../common.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
  int sv[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  struct ucred c;
  socklen_t l = sizeof c;
  CHECK_OK(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &c, &l));
  CHECK_EQ(l, sizeof c);
  CHECK_EQ(c.pid, getpid());
  CHECK_EQ(c.uid, geteuid());
  CHECK_EQ(c.gid, getegid());
  int v = 1;
  l = sizeof v;
  CHECK_OK(getsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &v, &l));
  CHECK_EQ(v, 0);

  struct sockaddr_un a = {.sun_family = AF_UNIX};
  int n = snprintf(a.sun_path + 1, sizeof a.sun_path - 1, "husk-peercred-%d", getpid());
  socklen_t al = offsetof(struct sockaddr_un, sun_path) + 1 + n;
  int ls = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK(bind(ls, (struct sockaddr *)&a, al));
  CHECK_OK(listen(ls, 1));
  pid_t pid = fork();
  if (pid == 0) {
    int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(c2, (struct sockaddr *)&a, al) != 0) _exit(1);
    struct ucred pc;
    socklen_t pl = sizeof pc;
    if (getsockopt(c2, SOL_SOCKET, SO_PEERCRED, &pc, &pl) != 0) _exit(2);
    if (pc.pid != getppid()) _exit(3);
    char b;
    _exit(read(c2, &b, 1) == 0 ? 0 : 4);
  }
  int s = accept(ls, NULL, NULL);
  CHECK(s >= 0);
  l = sizeof c;
  CHECK_OK(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &c, &l));
  CHECK_EQ(c.pid, pid);
  CHECK_EQ(c.uid, geteuid());
  close(s);
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);

  int u = socket(AF_UNIX, SOCK_STREAM, 0);
  l = sizeof c;
  CHECK_OK(getsockopt(u, SOL_SOCKET, SO_PEERCRED, &c, &l));
  CHECK_EQ(c.pid, 0);
  CHECK_EQ(c.uid, (uid_t)-1);
  CHECK_EQ(c.gid, (gid_t)-1);
  DONE();
}
