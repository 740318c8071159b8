// inotify_init1_overflow: when more events come than the queue holds (16384 by default) the queue ends with one IN_Q_OVERFLOW event (wd -1) and later events are dropped; a blocking read waits for an event made by another process.
#include "../common.h"
#include <fcntl.h>
#include <sys/inotify.h>

int main(void) {
  int limit = 16384;
  FILE *f = fopen("/proc/sys/fs/inotify/max_queued_events", "r");
  if (f) {
    if (fscanf(f, "%d", &limit) != 1) limit = 16384;
    fclose(f);
  }
  int in = inotify_init1(IN_NONBLOCK);
  CHECK(in >= 0);
  int fd = open("busy", O_CREAT | O_RDWR, 0644);
  CHECK(fd >= 0);
  int wd = inotify_add_watch(in, "busy", IN_MODIFY | IN_ACCESS);
  CHECK(wd >= 1);
  char c = 'x';
  // Alternate so no two consecutive events are alike (those merge).
  for (int i = 0; i < limit / 2 + 10; i++) {
    pwrite(fd, &c, 1, 0);
    pread(fd, &c, 1, 0);
  }
  static char buf[1 << 20] __attribute__((aligned(8)));
  int events = 0, overflow = 0, last_overflow = 0;
  for (;;) {
    ssize_t n = read(in, buf, sizeof buf);
    if (n < 0) break;
    for (char *p = buf; p < buf + n;) {
      struct inotify_event *e = (struct inotify_event *)p;
      events++;
      last_overflow = e->mask == IN_Q_OVERFLOW && e->wd == -1;
      overflow += last_overflow;
      p += sizeof *e + e->len;
    }
  }
  CHECK_EQ(events, limit + 1);
  CHECK_EQ(overflow, 1);
  CHECK(last_overflow);

  // A blocking read wakes for a child's write.
  int bl = inotify_init();
  CHECK(inotify_add_watch(bl, "busy", IN_CLOSE_WRITE) >= 1);
  pid_t pid = fork();
  if (pid == 0) {
    usleep(50000);
    int w = open("busy", O_WRONLY);
    close(w);
    _exit(0);
  }
  ssize_t n = read(bl, buf, sizeof buf);
  CHECK_EQ(n, (long)sizeof(struct inotify_event));
  CHECK_EQ(((struct inotify_event *)buf)->mask, IN_CLOSE_WRITE);
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  DONE();
}
