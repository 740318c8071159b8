// getcpu_vdso: sched_getcpu and getcpu (through the vDSO) and the raw syscall report a CPU and a node in range; NULL pointers are fine, and a bad one is EFAULT for the syscall.
#include "../common.h"
#include <sched.h>
#include <sys/auxv.h>

int main(void) {
  CHECK(getauxval(AT_SYSINFO_EHDR) != 0);
  int c = sched_getcpu();
  CHECK(c >= 0 && c < CPU_SETSIZE);
  unsigned cpu = 9999, node = 9999;
  CHECK_EQ(getcpu(&cpu, &node), 0);
  CHECK(cpu < CPU_SETSIZE && node < 1024);
  cpu = node = 9999;
  CHECK_EQ(syscall(SYS_getcpu, &cpu, &node, NULL), 0);
  CHECK(cpu < CPU_SETSIZE && node < 1024);
  CHECK_EQ(getcpu(NULL, NULL), 0);
  CHECK_EQ(syscall(SYS_getcpu, NULL, NULL, NULL), 0);
  cpu = 9999;
  CHECK_EQ(syscall(SYS_getcpu, &cpu, NULL, NULL), 0);
  CHECK(cpu < CPU_SETSIZE);
  CHECK_ERR(syscall(SYS_getcpu, bad_ptr(), NULL, NULL), EFAULT);
  CHECK_ERR(syscall(SYS_getcpu, NULL, bad_ptr(), NULL), EFAULT);
  DONE();
}
