// read_proc_uptime: /proc/uptime is two decimals, and /proc/stat's btime plus the uptime is now (within seconds); loadavg has five fields with running/total.
#include "../common.h"
#include "proc.h"
#include <time.h>

int main(void) {
  char buf[8192];
  CHECK(slurp("/proc/uptime", buf, sizeof buf) > 0);
  double up = -1, idle = -1;
  CHECK(sscanf(buf, "%lf %lf", &up, &idle) == 2);
  CHECK(up >= 0 && idle >= 0);
  CHECK(strchr(buf, '.') != NULL && buf[strlen(buf) - 1] == '\n');
  CHECK(slurp("/proc/stat", buf, sizeof buf) > 0);
  CHECK(strncmp(buf, "cpu ", 4) == 0);
  char *b = strstr(buf, "\nbtime ");
  CHECK(b != NULL);
  long btime = b ? atol(b + 7) : 0;
  long now = time(NULL);
  CHECK(btime <= now);
  CHECK(labs(btime + (long)up - now) <= 3);
  CHECK(strstr(buf, "\nprocesses ") != NULL);
  CHECK(slurp("/proc/loadavg", buf, sizeof buf) > 0);
  double a, c, d;
  int running, total, last;
  CHECK(sscanf(buf, "%lf %lf %lf %d/%d %d", &a, &c, &d, &running, &total, &last) == 6);
  CHECK(running >= 1 && running <= total);
  DONE();
}
