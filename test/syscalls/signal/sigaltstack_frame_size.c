// sigaltstack_frame_size: a handler on an alternate stack of AT_MINSIGSTKSZ bytes runs (the XSAVE frame fits); on a MINSIGSTKSZ (2048) stack it runs only if the CPU's XSAVE frame fits there, else the process dies of SIGSEGV (machine-dependent, the same natively and in husk); sigaltstack below MINSIGSTKSZ is ENOMEM.
#include "../common.h"
#include <signal.h>
#include <sys/auxv.h>

static volatile int ran;
static void handler(int sig) {
  (void)sig;
  ran = 1;
}

static size_t stack_size;
static int child(void) {
  stack_t ss = {0};
  ss.ss_sp = malloc(stack_size);
  ss.ss_size = stack_size;
  if (sigaltstack(&ss, NULL) != 0) return 2;
  struct sigaction sa = {0};
  sa.sa_handler = handler;
  sa.sa_flags = SA_ONSTACK;
  sigaction(SIGUSR1, &sa, NULL);
  raise(SIGUSR1);
  return ran ? 0 : 3;
}

static void run(size_t size, const char *name) {
  stack_size = size;
  int st = in_child(child);
  if (st == 0)
    printf("%s: handler ran\n", name);
  else
    printf("%s: status %d\n", name, st);
}

int main(void) {
  unsigned long min = getauxval(AT_MINSIGSTKSZ);
  CHECK(min >= 2048);
  run(min, "AT_MINSIGSTKSZ stack");
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    stack_size = 2048;
    _exit(child());
  }
  int st;
  waitpid(p, &st, 0);
  if (WIFSIGNALED(st))
    printf("2048-byte stack: killed by signal %d\n", WTERMSIG(st));
  else
    printf("2048-byte stack: exit %d\n", WEXITSTATUS(st));
  stack_t ss = {.ss_sp = malloc(4096), .ss_size = 2047};
  CHECK_ERR(sigaltstack(&ss, NULL), ENOMEM);
  DONE();
}
