// read_proc_meminfo: /proc/meminfo starts with MemTotal, MemFree and MemAvailable in kB, free no more than total, and agrees with sysinfo's total.
#include "../common.h"
#include "proc.h"
#include <sys/sysinfo.h>

int main(void) {
  char buf[8192];
  CHECK(slurp("/proc/meminfo", buf, sizeof buf) > 0);
  CHECK(strncmp(buf, "MemTotal:", 9) == 0);
  long total = atol(field(buf, "MemTotal"));
  long freek = atol(field(buf, "MemFree"));
  CHECK(total > 0);
  CHECK(freek >= 0 && freek <= total);
  CHECK(field(buf, "MemAvailable") != NULL);
  CHECK(strstr(field(buf, "MemTotal"), " kB\n") != NULL);
  CHECK(field(buf, "SwapTotal") != NULL);
  struct sysinfo si;
  CHECK_OK(sysinfo(&si));
  long sys_total = (long)((unsigned long long)si.totalram * si.mem_unit / 1024);
  CHECK(total - sys_total < 1024 && sys_total - total < 1024);
  DONE();
}
