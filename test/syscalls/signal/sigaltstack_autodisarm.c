// sigaltstack_autodisarm: with SS_AUTODISARM, a handler entered on the alternate stack finds it disarmed (sigaltstack reads SS_DISABLE there, and may set a new one), a signal raised inside that handler runs on the same stack below the first frame, and rt_sigreturn restores the stack from the frame's uc_stack (reading back with SS_AUTODISARM); a handler on the normal stack that edits uc_stack changes the alternate stack on return.
#include "../common.h"
#include <signal.h>
#include <ucontext.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

static char *alt;
static size_t alt_size = 1 << 16;
static int flags_inside = -1, depth, nested_on_alt, set_inside;
static char *outer_sp;

static void handler(int s, siginfo_t *si, void *ucv) {
  (void)s;
  (void)si;
  (void)ucv;
  char here;
  depth++;
  if (depth == 1) {
    outer_sp = &here;
    stack_t cur;
    sigaltstack(NULL, &cur);
    flags_inside = cur.ss_flags;
    raise(SIGUSR2);
  } else {
    nested_on_alt = &here > alt && &here < outer_sp;
  }
  depth--;
}

static char *other;
static void editor(int s, siginfo_t *si, void *ucv) {
  (void)s;
  (void)si;
  ucontext_t *uc = ucv;
  uc->uc_stack.ss_sp = other;
  uc->uc_stack.ss_size = 32768;
  uc->uc_stack.ss_flags = 0;
  stack_t n = {.ss_sp = other, .ss_size = 4096};
  set_inside = sigaltstack(&n, NULL); /* on the normal stack: allowed */
}

int main(void) {
  alt = malloc(alt_size);
  other = malloc(32768);
  stack_t ss = {.ss_sp = alt, .ss_size = alt_size, .ss_flags = SS_AUTODISARM};
  CHECK_OK(sigaltstack(&ss, NULL));
  struct sigaction sa = {0};
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
  CHECK_OK(sigaction(SIGUSR2, &sa, NULL));
  CHECK_OK(raise(SIGUSR1));
  CHECK_EQ(flags_inside, SS_DISABLE);
  CHECK_EQ(nested_on_alt, 1);
  stack_t cur;
  CHECK_OK(sigaltstack(NULL, &cur));
  CHECK(cur.ss_sp == alt && cur.ss_size == alt_size);
  CHECK_EQ((unsigned)cur.ss_flags, SS_AUTODISARM);

  stack_t dis = {.ss_flags = SS_DISABLE};
  CHECK_OK(sigaltstack(&dis, NULL));
  sa.sa_sigaction = editor;
  sa.sa_flags = SA_SIGINFO;
  CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
  CHECK_OK(raise(SIGUSR1));
  CHECK_EQ(set_inside, 0);
  CHECK_OK(sigaltstack(NULL, &cur));
  CHECK(cur.ss_sp == other);
  CHECK_EQ(cur.ss_size, 32768);
  CHECK_EQ(cur.ss_flags, 0);
  DONE();
}
