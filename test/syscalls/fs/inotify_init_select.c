// inotify_init_select: select and poll see an inotify instance readable only while events are queued; events made by a forked child are queued for the parent's watch; the instance is shared across fork (the child's read consumes them).
#include "../common.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/select.h>
#include <sys/stat.h>

int main(void) {
  CHECK_OK(mkdir("seldir", 0755));
  int in = inotify_init();
  CHECK(in >= 0);
  int wd = inotify_add_watch(in, "seldir", IN_CREATE | IN_DELETE);
  CHECK(wd >= 1);
  fd_set r;
  FD_ZERO(&r);
  FD_SET(in, &r);
  struct timeval zero = {0, 0};
  CHECK_EQ(select(in + 1, &r, NULL, NULL, &zero), 0);
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open("seldir/child-made", O_CREAT | O_WRONLY, 0644);
    close(fd);
    _exit(0);
  }
  FD_ZERO(&r);
  FD_SET(in, &r);
  struct timeval five = {5, 0};
  CHECK_EQ(select(in + 1, &r, NULL, NULL, &five), 1);
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  char buf[256] __attribute__((aligned(8)));
  ssize_t n = read(in, buf, sizeof buf);
  CHECK(n > 0);
  struct inotify_event *e = (struct inotify_event *)buf;
  CHECK_EQ(e->wd, wd);
  CHECK_EQ(e->mask, IN_CREATE);
  CHECK(strcmp(e->name, "child-made") == 0);
  struct pollfd p = {in, POLLIN, 0};
  CHECK_EQ(poll(&p, 1, 0), 0);

  CHECK_OK(unlink("seldir/child-made"));
  pid = fork();
  if (pid == 0) {
    char b[256] __attribute__((aligned(8)));
    ssize_t m = read(in, b, sizeof b);
    _exit(m > 0 && ((struct inotify_event *)b)->mask == IN_DELETE ? 0 : 1);
  }
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  CHECK_EQ(poll(&p, 1, 0), 0);
  CHECK_OK(rmdir("seldir"));
  DONE();
}
