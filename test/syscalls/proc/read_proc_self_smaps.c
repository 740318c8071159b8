// read_proc_self_smaps: /proc/self/smaps gives each mapping its maps line and then Size, Rss and the other counters in kB, ending with VmFlags; smaps_rollup sums them under one [rollup] line.
#include "../common.h"
#include "proc.h"
#include <sys/mman.h>

static char buf[4 << 20];

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  char *m = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED);
  m[0] = 1;
  CHECK(slurp("/proc/self/smaps", buf, sizeof buf) > 0);
  char head[64];
  snprintf(head, sizeof head, "%lx-", (unsigned long)m);
  char *p = strstr(buf, head);
  CHECK(p != NULL);
  if (!p) DONE();
  unsigned long s, e;
  CHECK(sscanf(p, "%lx-%lx", &s, &e) == 2);
  const char *size = field(strchr(p, '\n') + 1, "Size");
  CHECK(size != NULL);
  CHECK_EQ(strtol(size, NULL, 10) * 1024, (long)(e - s));
  CHECK(strncmp(strchr(size, ' ') ? strchr(size, ' ') : "", " kB", 3) == 0);
  CHECK(field(p, "Rss") != NULL && strtol(field(p, "Rss"), NULL, 10) >= 4);
  CHECK(field(p, "KernelPageSize") != NULL && strtol(field(p, "KernelPageSize"), NULL, 10) == 4);
  const char *flags = field(p, "VmFlags");
  CHECK(flags != NULL && strncmp(flags, "rd wr", 5) == 0);
  // Every mapping has a VmFlags line: as many as maps has lines.
  int heads = 0, vmflags = 0;
  for (char *q = buf; *q; q = strchr(q, '\n') + 1) {
    unsigned long a, b;
    if (sscanf(q, "%lx-%lx ", &a, &b) == 2 && strchr(q, '-') < strchr(q, ' ')) heads++;
    if (strncmp(q, "VmFlags:", 8) == 0) vmflags++;
    if (!strchr(q, '\n')) break;
  }
  CHECK(heads > 0);
  CHECK_EQ(heads, vmflags);
  // smaps_rollup: one [rollup] line, then the sums.
  CHECK(slurp("/proc/self/smaps_rollup", buf, sizeof buf) > 0);
  char *nl = strchr(buf, '\n');
  CHECK(nl != NULL && nl - 8 >= buf && strncmp(nl - 8, "[rollup]", 8) == 0);
  CHECK(field(buf, "Rss") != NULL && strtol(field(buf, "Rss"), NULL, 10) > 0);
  CHECK(field(buf, "Private_Dirty") != NULL);
  DONE();
}
