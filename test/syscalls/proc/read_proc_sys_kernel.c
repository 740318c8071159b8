// read_proc_sys_kernel: /proc/sys/kernel's ostype, osrelease, hostname agree with uname; pid_max and cap_last_cap are sane; random/boot_id stays the same and random/uuid changes at every read.
#include "../common.h"
#include "proc.h"
#include <sys/utsname.h>

static int line_is(const char *path, const char *want) {
  char buf[512];
  if (slurp(path, buf, sizeof buf) <= 0) return 0;
  size_t n = strlen(want);
  return strncmp(buf, want, n) == 0 && buf[n] == '\n' && buf[n + 1] == 0;
}

int main(void) {
  struct utsname u;
  CHECK_OK(uname(&u));
  CHECK(line_is("/proc/sys/kernel/ostype", u.sysname));
  CHECK(line_is("/proc/sys/kernel/osrelease", u.release));
  CHECK(line_is("/proc/sys/kernel/hostname", u.nodename));
  char buf[512], buf2[512];
  CHECK(slurp("/proc/sys/kernel/pid_max", buf, sizeof buf) > 0);
  CHECK(atol(buf) >= getpid());
  CHECK(slurp("/proc/sys/kernel/cap_last_cap", buf, sizeof buf) > 0);
  CHECK(atoi(buf) >= 36 && atoi(buf) < 64);
  CHECK(slurp("/proc/sys/kernel/ngroups_max", buf, sizeof buf) > 0 && atol(buf) == 65536);
  CHECK_EQ(slurp("/proc/sys/kernel/random/boot_id", buf, sizeof buf), 37);
  CHECK_EQ(slurp("/proc/sys/kernel/random/boot_id", buf2, sizeof buf2), 37);
  CHECK(strcmp(buf, buf2) == 0);
  CHECK(buf[8] == '-' && buf[13] == '-' && buf[18] == '-' && buf[23] == '-');
  CHECK_EQ(slurp("/proc/sys/kernel/random/uuid", buf, sizeof buf), 37);
  CHECK_EQ(slurp("/proc/sys/kernel/random/uuid", buf2, sizeof buf2), 37);
  CHECK(strcmp(buf, buf2) != 0);
  CHECK(slurp("/proc/sys/fs/nr_open", buf, sizeof buf) > 0 && atol(buf) >= 1024);
  CHECK(slurp("/proc/sys/vm/max_map_count", buf, sizeof buf) > 0 && atol(buf) > 0);
  CHECK(slurp("/proc/sys/vm/overcommit_memory", buf, sizeof buf) > 0 && buf[0] >= '0' && buf[0] <= '2');
  DONE();
}
