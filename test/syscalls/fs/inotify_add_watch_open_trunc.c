// inotify_add_watch_open_trunc: opening an existing file with O_TRUNC raises IN_OPEN then IN_MODIFY (also read-only), creating one with O_TRUNC only IN_CREATE and IN_OPEN; listing a watched directory raises IN_OPEN, IN_ACCESS and IN_CLOSE_NOWRITE with IN_ISDIR on its own watch.
#include "../common.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>

int main(void) {
  CHECK_OK(mkdir("tdir", 0755));
  int in = inotify_init1(IN_NONBLOCK);
  CHECK(in >= 0);
  CHECK(inotify_add_watch(in, "tdir", IN_ALL_EVENTS) >= 1);
  int fd = open("tdir/f", O_CREAT | O_TRUNC | O_WRONLY, 0644);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "abc", 3), 3);
  CHECK_OK(close(fd));
  fd = open("tdir/f", O_TRUNC | O_WRONLY);
  CHECK_OK(close(fd));
  fd = open("tdir/f", O_TRUNC | O_RDONLY);
  CHECK_OK(close(fd));
  DIR *d = opendir("tdir");
  CHECK(d != NULL);
  int entries = 0;
  while (readdir(d))
    entries++;
  CHECK_EQ(entries, 3);
  CHECK_OK(closedir(d));
  char buf[4096] __attribute__((aligned(8)));
  ssize_t n = read(in, buf, sizeof buf);
  CHECK(n > 0);
  for (char *p = buf; p < buf + n;) {
    struct inotify_event *e = (struct inotify_event *)p;
    printf("mask=%#x name=%s\n", e->mask, e->len ? e->name : "-");
    p += sizeof *e + e->len;
  }
  CHECK_OK(unlink("tdir/f"));
  CHECK_OK(rmdir("tdir"));
  DONE();
}
