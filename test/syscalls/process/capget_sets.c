// capget_sets: capget reports the caller's sets (root: effective equals permitted and includes CAP_DAC_OVERRIDE; others: empty); a bad version is EINVAL with the preferred version written back; capset may drop a capability from the effective set, and capget then shows it gone; bits past the last capability are masked off.
#include "../common.h"
#include <linux/capability.h>

int main(void) {
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[2];
  CHECK_OK(syscall(SYS_capget, &h, d));
  CHECK_EQ(d[0].effective, d[0].permitted);
  int root = geteuid() == 0;
  CHECK_EQ((d[0].effective >> CAP_DAC_OVERRIDE) & 1, root);
  struct __user_cap_header_struct bad = {0x1234, 0};
  CHECK_ERR(syscall(SYS_capget, &bad, d), EINVAL);
  CHECK_EQ(bad.version, _LINUX_CAPABILITY_VERSION_3);
  d[0].effective &= ~(1u << CAP_SYS_NICE);
  CHECK_OK(syscall(SYS_capset, &h, d));
  struct __user_cap_data_struct e[2];
  CHECK_OK(syscall(SYS_capget, &h, e));
  CHECK_EQ((e[0].effective >> CAP_SYS_NICE) & 1, 0);
  /* Bits past the last capability are ignored, as Linux masks them. */
  d[1].permitted |= 1u << 31;
  d[1].effective |= 1u << 31;
  CHECK_OK(syscall(SYS_capset, &h, d));
  CHECK_OK(syscall(SYS_capget, &h, e));
  CHECK_EQ(e[1].permitted >> 31, 0);
  DONE();
}
