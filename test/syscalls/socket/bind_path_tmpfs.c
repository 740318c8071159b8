// bind_path_tmpfs: binding a unix socket to a path in a tmpfs directory (/dev/shm) makes a socket file (S_IFSOCK, mode from the umask), a second bind to it is EADDRINUSE, connect by path reaches the listener, open of the file is ENXIO, and after the listener closes connect is ECONNREFUSED until the file is unlinked (ENOENT).
// husk-tmpfs: /dev/shm
#include "../common.h"
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

int main(void) {
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  snprintf(a.sun_path, sizeof a.sun_path, "/dev/shm/husk-bind-path-%d", getpid());
  umask(022);
  int l = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK(bind(l, (struct sockaddr *)&a, sizeof a));
  struct stat st;
  CHECK_OK(stat(a.sun_path, &st));
  CHECK(S_ISSOCK(st.st_mode));
  CHECK_EQ(st.st_mode & 0777, 0755);
  CHECK_ERR(open(a.sun_path, O_RDWR), ENXIO);
  int l2 = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_ERR(bind(l2, (struct sockaddr *)&a, sizeof a), EADDRINUSE);
  CHECK_OK(listen(l, 1));
  int c = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK(connect(c, (struct sockaddr *)&a, sizeof a));
  struct sockaddr_un n;
  socklen_t nl = sizeof n;
  CHECK_OK(getpeername(c, (struct sockaddr *)&n, &nl));
  CHECK_EQ(nl, sizeof(sa_family_t) + strlen(a.sun_path) + 1);
  CHECK(strcmp(n.sun_path, a.sun_path) == 0);
  int s = accept(l, NULL, NULL);
  CHECK_EQ(write(c, "z", 1), 1);
  char b;
  CHECK_EQ(read(s, &b, 1), 1);
  CHECK_OK(close(l));
  int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_ERR(connect(c2, (struct sockaddr *)&a, sizeof a), ECONNREFUSED);
  CHECK_OK(unlink(a.sun_path));
  CHECK_ERR(connect(c2, (struct sockaddr *)&a, sizeof a), ENOENT);
  DONE();
}
