// fork_cow_threads: a process whose second thread keeps writing memory forks; the child sees a consistent snapshot it can change alone, and the parent's thread keeps writing to its own copy (a write racing the fork lands in the parent only).
#include "../common.h"
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>

#define PAGES 64
static char *mem;
static atomic_int stop, rounds;

static void *writer(void *arg) {
  (void)arg;
  long pg = sysconf(_SC_PAGESIZE);
  while (!atomic_load(&stop)) {
    for (int i = 0; i < PAGES; i++) mem[i * pg] = 'p';
    atomic_fetch_add(&rounds, 1);
  }
  return NULL;
}

int main(void) {
  long pg = sysconf(_SC_PAGESIZE);
  mem = mmap(NULL, PAGES * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(mem != MAP_FAILED);
  memset(mem, 'i', PAGES * pg);
  pthread_t th;
  CHECK_EQ(pthread_create(&th, NULL, writer, NULL), 0);
  while (atomic_load(&rounds) < 3) sched_yield();
  int bad = 0;
  for (int f = 0; f < 10; f++) {
    pid_t pid = fork();
    if (pid == 0) {
      // Only this thread runs in the child: the memory is still, and ours.
      for (int i = 0; i < PAGES; i++) mem[i * pg + 1] = 'c';
      int b = 0;
      for (int i = 0; i < PAGES; i++) b += mem[i * pg] != 'p' || mem[i * pg + 1] != 'c';
      _exit(b ? 1 : 0);
    }
    int st;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) bad++;
    for (int i = 0; i < PAGES; i++) bad += mem[i * pg + 1] != 'i';
  }
  int r = atomic_load(&rounds);
  while (atomic_load(&rounds) < r + 3) sched_yield();
  atomic_store(&stop, 1);
  CHECK_EQ(pthread_join(th, NULL), 0);
  CHECK_EQ(bad, 0);
  int b = 0;
  for (int i = 0; i < PAGES; i++) b += mem[i * pg] != 'p';
  CHECK_EQ(b, 0);
  DONE();
}
