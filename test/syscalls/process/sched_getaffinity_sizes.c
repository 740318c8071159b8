// sched_getaffinity_sizes: the raw syscall returns the kernel's mask size in bytes (a multiple of 8) and fills the caller's buffer; a buffer not a multiple of 8 bytes or too small for the possible CPUs is EINVAL, one of 8 bytes is enough for up to 64 CPUs; the mask has at least one CPU; an unknown pid is ESRCH; sched_setaffinity with an empty mask is EINVAL and with the current mask succeeds.
#include "../common.h"
#include <sched.h>

int main(void) {
  unsigned long mask[128];
  long n = syscall(SYS_sched_getaffinity, 0, sizeof mask, mask);
  CHECK(n > 0);
  CHECK_EQ(n % 8, 0);
  CHECK(n <= (long)sizeof mask);
  int cpus = 0;
  for (long i = 0; i < n / 8; i++) cpus += __builtin_popcountl(mask[i]);
  CHECK(cpus >= 1);
  CHECK_ERR(syscall(SYS_sched_getaffinity, 0, 7, mask), EINVAL);
  CHECK_ERR(syscall(SYS_sched_getaffinity, 0, 0, mask), EINVAL);
  long nproc = sysconf(_SC_NPROCESSORS_CONF);
  if (nproc <= 64) CHECK_EQ(syscall(SYS_sched_getaffinity, 0, 8, mask), 8);
  else CHECK_ERR(syscall(SYS_sched_getaffinity, 0, 8, mask), EINVAL);
  CHECK_ERR(syscall(SYS_sched_getaffinity, 0, sizeof mask, bad_ptr()), EFAULT);
  CHECK_ERR(syscall(SYS_sched_getaffinity, 0x3ffffff0, sizeof mask, mask), ESRCH);
  CHECK_EQ(syscall(SYS_sched_getaffinity, syscall(SYS_gettid), sizeof mask, mask), n);
  unsigned long empty[16] = {0};
  CHECK_ERR(syscall(SYS_sched_setaffinity, 0, sizeof empty, empty), EINVAL);
  CHECK_OK(syscall(SYS_sched_setaffinity, 0, n, mask));
  cpu_set_t set;
  CHECK_OK(sched_getaffinity(0, sizeof set, &set));
  CHECK_EQ(CPU_COUNT(&set), cpus);
  DONE();
}
