// mknod_fifo_poll: a FIFO's ends poll like a pipe's: the read end is not readable until data comes, then POLLIN; the write end is writable; an O_RDWR open is both; a FIFO's data does not outlive its last open.
// husk-tmpfs: /dev/shm
#include "../common.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>

int main(void) {
  char dir[] = "/dev/shm/husk-fifopoll-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CHECK_OK(chdir(dir));
  CHECK_OK(mkfifo("p", 0600));
  int r = open("p", O_RDONLY | O_NONBLOCK);
  int w = open("p", O_WRONLY);
  CHECK(r >= 0 && w >= 0);
  struct pollfd p[2] = {{r, POLLIN, 0}, {w, POLLOUT, 0}};
  CHECK_EQ(poll(p, 2, 0), 1);
  CHECK_EQ(p[0].revents, 0);
  CHECK_EQ(p[1].revents, POLLOUT);
  CHECK_EQ(write(w, "ab", 2), 2);
  CHECK_EQ(poll(p, 1, 0), 1);
  CHECK_EQ(p[0].revents, POLLIN);
  close(r);
  close(w);
  int rw = open("p", O_RDWR);
  struct pollfd q = {rw, POLLIN | POLLOUT, 0};
  CHECK_EQ(poll(&q, 1, 0), 1);
  CHECK_EQ(q.revents, POLLOUT); // the bytes written before went with the last open
  CHECK_EQ(write(rw, "c", 1), 1);
  CHECK_EQ(poll(&q, 1, 0), 1);
  CHECK_EQ(q.revents, POLLIN | POLLOUT);
  close(rw);
  CHECK_OK(unlink("p"));
  CHECK_OK(chdir("/"));
  CHECK_OK(rmdir(dir));
  DONE();
}
