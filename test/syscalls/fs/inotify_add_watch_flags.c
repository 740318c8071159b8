// inotify_add_watch_flags: inotify_init1 flags (IN_NONBLOCK, IN_CLOEXEC, EINVAL otherwise); IN_ONLYDIR on a file is ENOTDIR; IN_MASK_CREATE on a watched inode is EEXIST and with IN_MASK_ADD EINVAL; IN_MASK_ADD extends a mask that otherwise is replaced; IN_ONESHOT drops the watch after one event (IN_IGNORED); inotify_rm_watch queues IN_IGNORED and then says EINVAL; FIONREAD counts the queued bytes; a read buffer too small for the first event is EINVAL; poll and epoll see the instance readable; bad fds, paths and masks fail as Linux does.
#include "../common.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

static int next_event(int in, struct inotify_event *e, char *name) {
  char buf[512] __attribute__((aligned(8)));
  static char pending[4096];
  static int plen, poff;
  if (poff >= plen) {
    ssize_t n = read(in, buf, sizeof buf);
    if (n <= 0) return 0;
    memcpy(pending, buf, n);
    plen = n;
    poff = 0;
  }
  struct inotify_event *h = (struct inotify_event *)(pending + poff);
  *e = *h;
  strcpy(name, h->len ? h->name : "");
  poff += sizeof *h + h->len;
  return 1;
}

int main(void) {
  CHECK_ERR(inotify_init1(0x1), EINVAL);
  int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  CHECK(in >= 0);
  CHECK_EQ(fcntl(in, F_GETFD), FD_CLOEXEC);
  CHECK_EQ(fcntl(in, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
  int blocking = inotify_init();
  CHECK(blocking >= 0);
  CHECK_EQ(fcntl(blocking, F_GETFD), 0);

  int fd = open("watch-me", O_CREAT | O_RDWR, 0644);
  CHECK(fd >= 0);
  CHECK_ERR(inotify_add_watch(in, "watch-me", IN_MODIFY | IN_ONLYDIR), ENOTDIR);
  CHECK_ERR(inotify_add_watch(in, "watch-me", 0), EINVAL);
  CHECK_ERR(inotify_add_watch(in, "no-such-file", IN_MODIFY), ENOENT);
  CHECK_ERR(inotify_add_watch(fd, "watch-me", IN_MODIFY), EINVAL);
  CHECK_ERR(inotify_add_watch(999, "watch-me", IN_MODIFY), EBADF);
  CHECK_ERR(inotify_add_watch(in, bad_ptr(), IN_MODIFY), EFAULT);
  int wd = inotify_add_watch(in, "watch-me", IN_MODIFY);
  CHECK(wd >= 1);
  CHECK_ERR(inotify_add_watch(in, "watch-me", IN_ATTRIB | IN_MASK_CREATE), EEXIST);
  CHECK_ERR(inotify_add_watch(in, "watch-me", IN_ATTRIB | IN_MASK_CREATE | IN_MASK_ADD), EINVAL);

  // Replaced mask: only IN_ATTRIB now.
  CHECK_EQ(inotify_add_watch(in, "watch-me", IN_ATTRIB), wd);
  CHECK_EQ(write(fd, "x", 1), 1);
  char buf[64] __attribute__((aligned(8)));
  CHECK_ERR(read(in, buf, sizeof buf), EAGAIN);
  struct pollfd p = {in, POLLIN, 0};
  CHECK_EQ(poll(&p, 1, 0), 0);
  CHECK_OK(fchmod(fd, 0600));
  CHECK_EQ(poll(&p, 1, 0), 1);
  int avail = 0;
  CHECK_OK(ioctl(in, FIONREAD, &avail));
  CHECK_EQ(avail, (int)sizeof(struct inotify_event));
  CHECK_ERR(read(in, buf, 8), EINVAL);
  struct inotify_event e;
  char name[256];
  CHECK(next_event(in, &e, name));
  CHECK_EQ(e.wd, wd);
  CHECK_EQ(e.mask, IN_ATTRIB);
  CHECK_EQ(e.len, 0);
  CHECK_OK(ioctl(in, FIONREAD, &avail));
  CHECK_EQ(avail, 0);

  // IN_MASK_ADD: IN_ATTRIB and IN_MODIFY.
  CHECK_EQ(inotify_add_watch(in, "watch-me", IN_MODIFY | IN_MASK_ADD), wd);
  CHECK_EQ(write(fd, "y", 1), 1);
  CHECK_OK(fchmod(fd, 0644));
  CHECK(next_event(in, &e, name));
  CHECK_EQ(e.mask, IN_MODIFY);
  CHECK(next_event(in, &e, name));
  CHECK_EQ(e.mask, IN_ATTRIB);

  // rm_watch: IN_IGNORED, then EINVAL.
  CHECK_OK(inotify_rm_watch(in, wd));
  CHECK(next_event(in, &e, name));
  CHECK_EQ(e.wd, wd);
  CHECK_EQ(e.mask, IN_IGNORED);
  CHECK_ERR(inotify_rm_watch(in, wd), EINVAL);
  CHECK_ERR(inotify_rm_watch(fd, 1), EINVAL);
  CHECK_EQ(write(fd, "z", 1), 1);
  CHECK_ERR(read(in, buf, sizeof buf), EAGAIN);

  // One-shot, seen through epoll.
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 1}, out;
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, in, &ev));
  CHECK_EQ(epoll_wait(ep, &out, 1, 0), 0);
  int wd2 = inotify_add_watch(in, "watch-me", IN_MODIFY | IN_ONESHOT);
  CHECK(wd2 > wd);
  CHECK_EQ(write(fd, "1", 1), 1);
  CHECK_EQ(epoll_wait(ep, &out, 1, 1000), 1);
  CHECK_EQ(write(fd, "2", 1), 1);
  CHECK(next_event(in, &e, name));
  CHECK_EQ(e.wd, wd2);
  CHECK_EQ(e.mask, IN_MODIFY);
  CHECK(next_event(in, &e, name));
  CHECK_EQ(e.wd, wd2);
  CHECK_EQ(e.mask, IN_IGNORED);
  CHECK(!next_event(in, &e, name));
  CHECK_ERR(inotify_rm_watch(in, wd2), EINVAL);

  // IN_DONT_FOLLOW watches the symlink itself.
  CHECK_OK(symlink("watch-me", "link-to-it"));
  int lwd = inotify_add_watch(in, "link-to-it", IN_ATTRIB | IN_DONT_FOLLOW);
  int twd = inotify_add_watch(in, "link-to-it", IN_ATTRIB);
  CHECK(lwd >= 1 && twd >= 1 && lwd != twd);
  CHECK_OK(unlink("link-to-it"));
  CHECK_OK(close(fd));
  CHECK_OK(unlink("watch-me"));
  int got = 0;
  while (next_event(in, &e, name)) {
    const char *who = e.wd == lwd ? "link" : e.wd == twd ? "target" : "?";
    printf("%s %s\n", who, e.mask == IN_ATTRIB ? "ATTRIB" : e.mask == IN_DELETE_SELF ? "DELETE_SELF" : e.mask == IN_IGNORED ? "IGNORED" : "other");
    got++;
  }
  CHECK(got > 0);
  DONE();
}
