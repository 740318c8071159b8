// inotify_rm_watch_instances: two inotify instances watching one file each get its events under their own watch descriptors; removing one instance's watch (IN_IGNORED there) leaves the other's; a watch descriptor of another instance is EINVAL; closing an instance with live watches is fine and the file's events still reach the other.
#include "../common.h"
#include <fcntl.h>
#include <sys/inotify.h>

static int read_masks(int in, uint32_t *masks, int *wds, int max) {
  char buf[1024] __attribute__((aligned(8)));
  ssize_t n = read(in, buf, sizeof buf);
  int k = 0;
  for (char *p = buf; n > 0 && p < buf + n && k < max;) {
    struct inotify_event *e = (struct inotify_event *)p;
    masks[k] = e->mask;
    wds[k++] = e->wd;
    p += sizeof *e + e->len;
  }
  return k;
}

int main(void) {
  int fd = open("shared-file", O_CREAT | O_WRONLY, 0644);
  CHECK(fd >= 0);
  int a = inotify_init1(IN_NONBLOCK), b = inotify_init1(IN_NONBLOCK), c = inotify_init1(IN_NONBLOCK);
  CHECK(a >= 0 && b >= 0 && c >= 0);
  int wa = inotify_add_watch(a, "shared-file", IN_MODIFY);
  int wb = inotify_add_watch(b, "shared-file", IN_MODIFY);
  int wc = inotify_add_watch(c, "shared-file", IN_MODIFY);
  CHECK(wa >= 1 && wb >= 1 && wc >= 1);
  CHECK_EQ(write(fd, "1", 1), 1);
  uint32_t m[4];
  int w[4];
  CHECK_EQ(read_masks(a, m, w, 4), 1);
  CHECK(m[0] == IN_MODIFY && w[0] == wa);
  CHECK_EQ(read_masks(b, m, w, 4), 1);
  CHECK(m[0] == IN_MODIFY && w[0] == wb);
  CHECK_EQ(read_masks(c, m, w, 4), 1);

  CHECK_OK(inotify_rm_watch(a, wa));
  CHECK_ERR(inotify_rm_watch(a, wa + 100), EINVAL);
  CHECK_EQ(read_masks(a, m, w, 4), 1);
  CHECK(m[0] == IN_IGNORED && w[0] == wa);
  CHECK_OK(close(c));
  CHECK_EQ(write(fd, "2", 1), 1);
  CHECK_EQ(read_masks(a, m, w, 4), 0);
  CHECK_EQ(read_masks(b, m, w, 4), 1);
  CHECK(m[0] == IN_MODIFY && w[0] == wb);
  CHECK_ERR(inotify_rm_watch(b, -1), EINVAL);
  CHECK_ERR(inotify_rm_watch(999, wb), EBADF);
  DONE();
}
