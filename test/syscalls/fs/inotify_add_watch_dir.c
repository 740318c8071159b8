// inotify_add_watch_dir: a watch on a directory reports, with the child's name, IN_CREATE, IN_OPEN, IN_MODIFY, IN_CLOSE_WRITE, IN_ACCESS, IN_CLOSE_NOWRITE, IN_ATTRIB, IN_MOVED_FROM/IN_MOVED_TO sharing one cookie, IN_CREATE|IN_ISDIR and IN_DELETE|IN_ISDIR for a subdirectory, IN_DELETE; a watch on the file itself gets the same events without a name, then IN_MOVE_SELF; identical consecutive events are merged; names are NUL-padded to 16 bytes.
#include "../common.h"
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>

static const char *evname(uint32_t m) {
  static char buf[128];
  buf[0] = 0;
  static const struct { uint32_t bit; const char *name; } bits[] = {
      {IN_ACCESS, "ACCESS"}, {IN_MODIFY, "MODIFY"}, {IN_ATTRIB, "ATTRIB"}, {IN_CLOSE_WRITE, "CLOSE_WRITE"},
      {IN_CLOSE_NOWRITE, "CLOSE_NOWRITE"}, {IN_OPEN, "OPEN"}, {IN_MOVED_FROM, "MOVED_FROM"},
      {IN_MOVED_TO, "MOVED_TO"}, {IN_CREATE, "CREATE"}, {IN_DELETE, "DELETE"}, {IN_DELETE_SELF, "DELETE_SELF"},
      {IN_MOVE_SELF, "MOVE_SELF"}, {IN_Q_OVERFLOW, "Q_OVERFLOW"}, {IN_IGNORED, "IGNORED"}, {IN_ISDIR, "ISDIR"}};
  for (unsigned i = 0; i < sizeof bits / sizeof bits[0]; i++)
    if (m & bits[i].bit) {
      if (buf[0]) strcat(buf, "|");
      strcat(buf, bits[i].name);
    }
  return buf;
}

static uint32_t cookies[2];
static int ncookies;

// drain prints every queued event (wd as a label) and checks the records.
static void drain(int fd, int dwd, int fwd) {
  char buf[4096] __attribute__((aligned(8)));
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      CHECK(errno == EAGAIN);
      return;
    }
    for (char *p = buf; p < buf + n;) {
      struct inotify_event *e = (struct inotify_event *)p;
      const char *who = e->wd == dwd ? "dir" : e->wd == fwd ? "file" : "?";
      printf("%s %s %s\n", who, evname(e->mask), e->len ? e->name : "-");
      if (e->len % 16 != 0 || (e->len && strlen(e->name) >= e->len))
        printf("FAIL: bad name length %u\n", e->len), husk_failures++;
      if (e->cookie) {
        if (ncookies < 2) cookies[ncookies++] = e->cookie;
      }
      p += sizeof *e + e->len;
    }
  }
}

int main(void) {
  CHECK_OK(mkdir("watched", 0755));
  int in = inotify_init1(IN_NONBLOCK);
  CHECK(in >= 0);
  int dwd = inotify_add_watch(in, "watched", IN_ALL_EVENTS);
  CHECK(dwd >= 1);
  int fd = open("watched/file", O_CREAT | O_WRONLY, 0644);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "a", 1), 1);
  CHECK_EQ(write(fd, "b", 1), 1); // merged with the previous IN_MODIFY
  CHECK_OK(close(fd));
  printf("-- create, write, close\n");
  drain(in, dwd, -1);

  int fwd = inotify_add_watch(in, "watched/file", IN_ALL_EVENTS);
  CHECK(fwd >= 1 && fwd != dwd);
  CHECK_EQ(inotify_add_watch(in, "watched/file", IN_ALL_EVENTS), fwd);
  fd = open("watched/file", O_RDONLY);
  CHECK(fd >= 0);
  char c;
  CHECK_EQ(read(fd, &c, 1), 1);
  CHECK_OK(close(fd));
  CHECK_OK(chmod("watched/file", 0600));
  printf("-- open, read, close, chmod\n");
  drain(in, dwd, fwd);

  CHECK_OK(rename("watched/file", "watched/a-much-longer-name-than-sixteen"));
  printf("-- rename\n");
  drain(in, dwd, fwd);
  CHECK_EQ(ncookies, 2);
  CHECK(cookies[0] != 0 && cookies[0] == cookies[1]);

  CHECK_OK(mkdir("watched/sub", 0755));
  CHECK_OK(rmdir("watched/sub"));
  printf("-- mkdir, rmdir\n");
  drain(in, dwd, fwd);

  CHECK_OK(unlink("watched/a-much-longer-name-than-sixteen"));
  printf("-- unlink\n");
  drain(in, dwd, fwd);
  CHECK_OK(rmdir("watched"));
  printf("-- rmdir the watched directory\n");
  drain(in, dwd, fwd);
  DONE();
}
