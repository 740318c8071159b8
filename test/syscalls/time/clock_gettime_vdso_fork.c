// clock_gettime_vdso_fork: a forked child keeps the vDSO (the same AT_SYSINFO_EHDR, the same clock, never behind its parent's reading), and a child that unmaps the vDSO's image dies of SIGSEGV on its next clock_gettime, as on Linux.
#include "../common.h"
#include <elf.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <time.h>

static long long parent_ns;

static long long mono(void) {
  struct timespec t;
  if (clock_gettime(CLOCK_MONOTONIC, &t) != 0) return -1;
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int child_reads(void) {
  long long c = mono();
  struct timespec s;
  if (syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &s) != 0) return 3;
  long long sc = s.tv_sec * 1000000000LL + s.tv_nsec;
  if (c < parent_ns) return 1;
  if (sc < c) return 2;
  return 0;
}

// image_len is the size of the vDSO's one PT_LOAD, page-rounded.
static size_t image_len(const Elf64_Ehdr *eh) {
  const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)eh + eh->e_phoff);
  for (int i = 0; i < eh->e_phnum; i++)
    if (ph[i].p_type == PT_LOAD) return (ph[i].p_vaddr + ph[i].p_memsz + 4095) & ~(size_t)4095;
  return 0;
}

int main(void) {
  const Elf64_Ehdr *eh = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
  CHECK(eh != NULL);
  if (eh == NULL) DONE();
  CHECK(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0);
  size_t len = image_len(eh);
  CHECK(len > 0);

  parent_ns = mono();
  CHECK(parent_ns > 0);
  CHECK_EQ(in_child(child_reads), 0);

  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    if (munmap((void *)eh, len) != 0) _exit(10);
    struct timespec t;
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &t); // still fine
    clock_gettime(CLOCK_MONOTONIC, &t);              // jumps into the hole
    _exit(11);
  }
  int st;
  CHECK_EQ(waitpid(c, &st, 0), c);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
  // The parent's vDSO is untouched.
  CHECK(mono() >= parent_ns);
  DONE();
}
