// sigaltstack_onstack: in a handler running on the alternate stack, sigaltstack reports SS_ONSTACK, the handler's stack pointer lies inside the alternate stack, changing the stack there is EPERM, and the frame's uc_stack holds the stack that was set; outside a handler the flags read 0; SS_DISABLE turns it off.
#include "../common.h"
#include <signal.h>
#include <ucontext.h>

static char *alt;
static size_t alt_size;
static int flags_inside = -1, eperm, inside, uc_ok;

static void handler(int s, siginfo_t *si, void *ucv) {
  (void)s;
  (void)si;
  ucontext_t *uc = ucv;
  char here;
  inside = &here > alt && &here < alt + alt_size;
  stack_t cur;
  sigaltstack(NULL, &cur);
  flags_inside = cur.ss_flags;
  stack_t other = {.ss_sp = alt, .ss_size = alt_size};
  eperm = sigaltstack(&other, NULL) == -1 && errno == EPERM;
  uc_ok = uc->uc_stack.ss_sp == alt && uc->uc_stack.ss_size == alt_size;
}

int main(void) {
  alt_size = 1 << 16;
  alt = malloc(alt_size);
  stack_t ss = {.ss_sp = alt, .ss_size = alt_size};
  CHECK_OK(sigaltstack(&ss, NULL));
  stack_t cur;
  CHECK_OK(sigaltstack(NULL, &cur));
  CHECK_EQ(cur.ss_flags, 0);
  struct sigaction sa = {0};
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
  CHECK_OK(raise(SIGUSR1));
  CHECK_EQ(inside, 1);
  CHECK_EQ(flags_inside, SS_ONSTACK);
  CHECK_EQ(eperm, 1);
  CHECK_EQ(uc_ok, 1);
  stack_t dis = {.ss_flags = SS_DISABLE};
  CHECK_OK(sigaltstack(&dis, NULL));
  CHECK_OK(sigaltstack(NULL, &cur));
  CHECK_EQ(cur.ss_flags, SS_DISABLE);
  inside = 0;
  CHECK_OK(raise(SIGUSR1));
  CHECK_EQ(inside, 0); /* on the normal stack now */
  DONE();
}
