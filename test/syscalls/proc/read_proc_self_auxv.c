// read_proc_self_auxv: /proc/self/auxv is the auxiliary vector execve gave: pairs ending in AT_NULL, with getauxval's AT_PAGESZ, AT_UID, AT_ENTRY and AT_PHDR.
#include "../common.h"
#include "proc.h"
#include <elf.h>
#include <sys/auxv.h>

int main(void) {
  unsigned long v[512];
  long n = slurp("/proc/self/auxv", (char *)v, sizeof v);
  CHECK(n > 0 && n % 16 == 0);
  int pairs = n / 16, end = 0, matched = 0;
  for (int i = 0; i < pairs; i++) {
    unsigned long k = v[2 * i], val = v[2 * i + 1];
    if (k == AT_NULL) {
      end = i == pairs - 1;
      break;
    }
    switch (k) {
    case AT_PAGESZ: case AT_UID: case AT_EUID: case AT_GID: case AT_ENTRY: case AT_PHDR: case AT_RANDOM:
      matched += val == getauxval(k);
    }
  }
  CHECK(end);
  CHECK_EQ(matched, 7);
  CHECK_EQ(getauxval(AT_PAGESZ), 4096);
  DONE();
}
