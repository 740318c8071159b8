// read_sys_cpu_online: /sys/devices/system/cpu/online is a CPU range list that agrees with /proc/cpuinfo's processor entries and with sysconf, and covers the CPUs the process may run on.
#define _GNU_SOURCE
#include "../common.h"
#include "proc.h"
#include <sched.h>

int main(void) {
  char buf[256];
  CHECK(slurp("/sys/devices/system/cpu/online", buf, sizeof buf) > 0);
  int lo = -1, hi = -1, n = 0;
  int got = sscanf(buf, "%d-%d", &lo, &hi);
  CHECK(got >= 1 && lo == 0);
  n = got == 2 ? hi + 1 : 1;
  static char info[1 << 20];
  CHECK(slurp("/proc/cpuinfo", info, sizeof info) > 0);
  int procs = 0;
  for (char *p = info; (p = strstr(p, "processor\t:")) != NULL; p++) procs++;
  if (!strchr(buf, ',')) CHECK_EQ(procs, n);
  CHECK_EQ(sysconf(_SC_NPROCESSORS_ONLN), procs);
  cpu_set_t set;
  CHECK_OK(sched_getaffinity(0, sizeof set, &set));
  CHECK(CPU_COUNT(&set) <= procs);
  CHECK(slurp("/sys/devices/system/cpu/possible", buf, sizeof buf) > 0 && buf[0] == '0');
  CHECK(slurp("/sys/devices/system/cpu/cpu0/topology/core_id", buf, sizeof buf) > 0);
  CHECK(slurp("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", buf, sizeof buf) > 0);
  CHECK_EQ(atol(buf), 2 << 20);
  DONE();
}
