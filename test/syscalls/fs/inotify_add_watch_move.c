// inotify_add_watch_move: renaming between two watched directories gives IN_MOVED_FROM in the source and IN_MOVED_TO in the target with one cookie; a moved directory carries IN_ISDIR and its own watch gets IN_MOVE_SELF; renaming over a watched file gives it IN_ATTRIB, IN_DELETE_SELF and IN_IGNORED.
#include "../common.h"
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>

int main(void) {
  CHECK_OK(mkdir("from", 0755));
  CHECK_OK(mkdir("to", 0755));
  CHECK_OK(mkdir("from/inner", 0755));
  int fd = open("from/f", O_CREAT | O_WRONLY, 0644);
  CHECK_OK(close(fd));
  fd = open("to/victim", O_CREAT | O_WRONLY, 0644);
  CHECK_OK(close(fd));
  int in = inotify_init1(IN_NONBLOCK);
  int wf = inotify_add_watch(in, "from", IN_MOVE);
  int wt = inotify_add_watch(in, "to", IN_MOVE);
  int wi = inotify_add_watch(in, "from/inner", IN_MOVE_SELF);
  int wv = inotify_add_watch(in, "to/victim", IN_ATTRIB | IN_DELETE_SELF);
  CHECK(wf >= 1 && wt >= 1 && wi >= 1 && wv >= 1);
  CHECK_OK(rename("from/inner", "to/inner"));
  CHECK_OK(rename("from/f", "to/victim"));
  char buf[1024] __attribute__((aligned(8)));
  ssize_t n = read(in, buf, sizeof buf);
  CHECK(n > 0);
  uint32_t cookie = 0;
  for (char *p = buf; p < buf + n;) {
    struct inotify_event *e = (struct inotify_event *)p;
    const char *who = e->wd == wf ? "from" : e->wd == wt ? "to" : e->wd == wi ? "inner" : e->wd == wv ? "victim" : "?";
    const char *what = "other";
    switch (e->mask & ~IN_ISDIR) {
    case IN_MOVED_FROM: what = "MOVED_FROM"; break;
    case IN_MOVED_TO: what = "MOVED_TO"; break;
    case IN_MOVE_SELF: what = "MOVE_SELF"; break;
    case IN_ATTRIB: what = "ATTRIB"; break;
    case IN_DELETE_SELF: what = "DELETE_SELF"; break;
    case IN_IGNORED: what = "IGNORED"; break;
    }
    const char *cookie_state = "-";
    if (e->mask & IN_MOVED_FROM) cookie = e->cookie, cookie_state = "new";
    if (e->mask & IN_MOVED_TO) cookie_state = e->cookie == cookie ? "same" : "different";
    printf("%s %s%s %s cookie:%s\n", who, what, e->mask & IN_ISDIR ? "|ISDIR" : "", e->len ? e->name : "-", cookie_state);
    p += sizeof *e + e->len;
  }
  CHECK_OK(unlink("to/victim"));
  CHECK_OK(rmdir("to/inner"));
  CHECK_OK(rmdir("to"));
  CHECK_OK(rmdir("from"));
  DONE();
}
