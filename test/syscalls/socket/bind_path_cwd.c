// bind_path_cwd: binding a unix socket to a path in the working directory (a host directory): Linux makes a socket file there; husk cannot make one on the host through the gofer and refuses with EPERM (as Linux does on a filesystem with no mknod).
// husk-divergent: *: the working directory is a gofer-backed host directory; the sentry makes no socket files on the host (bind there is EPERM); tmpfs directories (/dev/shm) hold socket files
#include "../common.h"
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

int main(void) {
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  snprintf(a.sun_path, sizeof a.sun_path, "husk-bind-cwd.sock");
  unlink(a.sun_path);
  int l = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK(bind(l, (struct sockaddr *)&a, sizeof a));
  struct stat st;
  CHECK_OK(stat(a.sun_path, &st));
  CHECK(S_ISSOCK(st.st_mode));
  CHECK_OK(unlink(a.sun_path));
  DONE();
}
