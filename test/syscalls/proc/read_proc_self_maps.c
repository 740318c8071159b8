// read_proc_self_maps: /proc/self/maps has one line per mapping: the stack as [stack], the program by its path, and an mmap'd region with its exact range and permissions, which follow mprotect and munmap.
#include "../common.h"
#include "proc.h"
#include <limits.h>
#include <sys/mman.h>

static char maps[1 << 20];

// find returns the line of maps covering addr, copied into line.
static int find(unsigned long addr, char *line, size_t size) {
  if (slurp("/proc/self/maps", maps, sizeof maps) <= 0) return 0;
  for (char *p = maps; *p;) {
    char *nl = strchr(p, '\n');
    unsigned long s, e;
    if (sscanf(p, "%lx-%lx", &s, &e) == 2 && s <= addr && addr < e) {
      size_t l = nl ? (size_t)(nl - p) : strlen(p);
      if (l >= size) l = size - 1;
      memcpy(line, p, l);
      line[l] = 0;
      return 1;
    }
    if (!nl) break;
    p = nl + 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  (void)argc;
  char line[512];
  int local = 0;
  CHECK(find((unsigned long)&local, line, sizeof line));
  CHECK(strstr(line, "[stack]") != NULL);
  CHECK(strstr(line, " rw-p ") != NULL);
  char exe[PATH_MAX];
  CHECK(realpath(argv[0], exe) != NULL);
  CHECK(find((unsigned long)&main, line, sizeof line));
  CHECK(strstr(line, exe) != NULL);
  CHECK(strstr(line, " r-xp ") != NULL);
  long pg = sysconf(_SC_PAGESIZE);
  char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED);
  CHECK(find((unsigned long)m, line, sizeof line));
  unsigned long s, e;
  char perms[5];
  CHECK(sscanf(line, "%lx-%lx %4s", &s, &e, perms) == 3);
  CHECK(s <= (unsigned long)m && e >= (unsigned long)m + 4 * pg);
  CHECK(strcmp(perms, "rw-p") == 0);
  CHECK_OK(mprotect(m + pg, pg, PROT_READ));
  CHECK(find((unsigned long)m + pg, line, sizeof line));
  CHECK(sscanf(line, "%lx-%lx %4s", &s, &e, perms) == 3);
  CHECK(s == (unsigned long)m + pg && e == (unsigned long)m + 2 * pg);
  CHECK(strcmp(perms, "r--p") == 0);
  CHECK_OK(munmap(m + 2 * pg, pg));
  CHECK(!find((unsigned long)m + 2 * pg, line, sizeof line));
  // Lines are ordered by address and do not overlap.
  slurp("/proc/self/maps", maps, sizeof maps);
  unsigned long prev = 0;
  int ordered = 1, lines = 0;
  for (char *p = maps; *p; p = strchr(p, '\n') + 1) {
    if (sscanf(p, "%lx-%lx", &s, &e) != 2 || s < prev || e <= s) ordered = 0;
    prev = e;
    lines++;
    if (!strchr(p, '\n')) break;
  }
  CHECK(ordered);
  CHECK(lines > 3);
  DONE();
}
