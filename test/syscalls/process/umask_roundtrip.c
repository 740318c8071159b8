// umask_roundtrip: umask returns the previous mask, keeps only the 0777 bits, and libc and raw calls agree.
#include "../common.h"
#include <sys/stat.h>

int main(void) {
  mode_t orig = umask(022);
  CHECK_EQ(umask(077), 022);
  CHECK_EQ(syscall(SYS_umask, 0), 077);
  CHECK_EQ(syscall(SYS_umask, 01777), 0);
  CHECK_EQ(umask(0), 0777);
  CHECK_EQ(syscall(SYS_umask, 0xffff0012), 0);
  CHECK_EQ(umask(orig), 022);
  CHECK_EQ(umask(orig), orig);
  DONE();
}
