// sysinfo_fields: sysinfo fills the struct (uptime not negative, total RAM above free RAM and non-zero, a process count of at least one, mem_unit set) and a bad pointer is EFAULT; times returns a clock that does not go backwards and EFAULT for a bad buffer; getrusage accepts SELF, CHILDREN and THREAD and refuses others with EINVAL.
#include "../common.h"
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/times.h>

int main(void) {
  struct sysinfo si;
  CHECK_OK(sysinfo(&si));
  CHECK(si.uptime >= 0);
  CHECK(si.totalram > 0 && si.totalram >= si.freeram);
  CHECK(si.procs >= 1);
  CHECK(si.mem_unit >= 1);
  CHECK_ERR(syscall(SYS_sysinfo, bad_ptr()), EFAULT);
  struct tms t;
  long a = syscall(SYS_times, &t);
  long b = syscall(SYS_times, NULL);
  CHECK(b >= a);
  CHECK_ERR(syscall(SYS_times, bad_ptr()), EFAULT);
  struct rusage ru;
  CHECK_OK(getrusage(RUSAGE_SELF, &ru));
  CHECK_OK(getrusage(RUSAGE_CHILDREN, &ru));
  CHECK_OK(getrusage(RUSAGE_THREAD, &ru));
  CHECK_ERR(getrusage(7, &ru), EINVAL);
  DONE();
}
