// read_proc_self_limits: /proc/self/limits has Linux's header and rows, and its "Max open files" and "Max stack size" rows follow setrlimit.
#include "../common.h"
#include "proc.h"
#include <sys/resource.h>

static char buf[8192];

static const char *row(const char *name) {
  char *p = strstr(buf, name);
  return p ? p + 26 : NULL;
}

int main(void) {
  struct rlimit r = {100, 200};
  CHECK_OK(setrlimit(RLIMIT_NOFILE, &r));
  struct rlimit s;
  CHECK_OK(getrlimit(RLIMIT_STACK, &s));
  s.rlim_cur = 4 << 20;
  CHECK_OK(setrlimit(RLIMIT_STACK, &s));
  CHECK(slurp("/proc/self/limits", buf, sizeof buf) > 0);
  CHECK(strncmp(buf, "Limit                     Soft Limit           Hard Limit           Units     \n", 79) == 0);
  const char *v = row("Max open files");
  long soft = -1, hard = -1;
  CHECK(v && sscanf(v, "%ld %ld", &soft, &hard) == 2);
  CHECK_EQ(soft, 100);
  CHECK_EQ(hard, 200);
  CHECK(strstr(v, "files") != NULL);
  v = row("Max stack size");
  CHECK(v && atol(v) == 4 << 20);
  int rows = 0;
  for (char *p = buf; (p = strchr(p, '\n')) != NULL; p++) rows++;
  CHECK_EQ(rows, 17);
  DONE();
}
