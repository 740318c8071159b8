// common.h: shared helpers for husk's syscall compatibility tests.
//
// Every test prints deterministic lines to stdout and exits 0 when the behaviour
// matched Linux. Errnos are printed by name (errname), never by number, and never
// with strerror (whose text depends on the libc's locale tables).
//
//   CHECK(cond)          prints "ok: cond" or "FAIL: cond" and counts the failure
//   CHECK_ERR(expr, E)   expr must return -1 with errno E (prints the errno's name)
//   CHECK_OK(expr)       expr must not return -1
//   CHECK_EQ(a, b)       two integers must be equal (values only printed on failure)
//   DONE()               flushes stdout and returns the exit status from main
//
// stdout is line-buffered (see husk_common_init) so that printf output and raw
// write(1, ...) calls appear in program order whatever stdout is.
#ifndef HUSK_COMMON_H
#define HUSK_COMMON_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <sys/wait.h>

__attribute__((unused)) static int husk_failures;

__attribute__((constructor)) static void husk_common_init(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
}

// errname returns the symbolic name of an errno value ("E?" for unknown ones).
__attribute__((unused)) static const char *errname(int e) {
  switch (e) {
  case 0: return "0";
#define E(x) case x: return #x;
    E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(ENXIO) E(E2BIG) E(ENOEXEC)
    E(EBADF) E(ECHILD) E(EAGAIN) E(ENOMEM) E(EACCES) E(EFAULT) E(EBUSY)
    E(EEXIST) E(EXDEV) E(ENODEV) E(ENOTDIR) E(EISDIR) E(EINVAL) E(ENFILE)
    E(EMFILE) E(ENOTTY) E(ETXTBSY) E(EFBIG) E(ENOSPC) E(ESPIPE) E(EROFS)
    E(EMLINK) E(EPIPE) E(EDOM) E(ERANGE) E(EDEADLK) E(ENAMETOOLONG) E(ENOLCK)
    E(ENOSYS) E(ENOTEMPTY) E(ELOOP) E(EOVERFLOW) E(EOPNOTSUPP) E(ETIMEDOUT)
    E(ENOTSOCK) E(EDESTADDRREQ) E(EMSGSIZE) E(EPROTONOSUPPORT) E(EAFNOSUPPORT)
    E(EADDRINUSE) E(ECONNREFUSED) E(ECONNRESET) E(ENOTCONN)
    E(EPROTOTYPE) E(EISCONN) E(ETOOMANYREFS) E(ESOCKTNOSUPPORT) E(ENOPROTOOPT)
    E(ENOBUFS)
#undef E
  default: return "E?";
  }
}

// bad_ptr returns an address in page 0, which no Linux process has mapped
// (vm.mmap_min_addr is at least 4096). noinline keeps the compiler from
// reasoning about it.
__attribute__((noinline, unused)) static void *bad_ptr(void) {
  return (void *)(uintptr_t)0x10;
}

// kernel_ptr returns an address in the kernel half of the address space.
__attribute__((noinline, unused)) static void *kernel_ptr(void) {
  return (void *)(uintptr_t)0xffff888000000000ULL;
}

/* in_child runs fn in a forked child and returns its exit status (-1 if it
 * did not exit normally). */
__attribute__((unused)) static int in_child(int (*fn)(void)) {
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) _exit(fn());
  int st;
  if (waitpid(c, &st, 0) != c || !WIFEXITED(st)) return -1;
  return WEXITSTATUS(st);
}

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (cond) {                                                                \
      printf("ok: %s\n", #cond);                                               \
    } else {                                                                   \
      printf("FAIL: %s (line %d, errno %s)\n", #cond, __LINE__, errname(errno)); \
      husk_failures++;                                                         \
    }                                                                          \
  } while (0)

#define CHECK_ERR(expr, want)                                                  \
  do {                                                                         \
    errno = 0;                                                                 \
    long husk_r_ = (long)(expr);                                               \
    int husk_e_ = errno;                                                       \
    if (husk_r_ == -1 && husk_e_ == (want)) {                                  \
      printf("ok: %s -> %s\n", #expr, errname(husk_e_));                       \
    } else {                                                                   \
      printf("FAIL: %s -> %ld (%s), want -1 (%s) (line %d)\n", #expr, husk_r_, \
             errname(husk_e_), errname(want), __LINE__);                       \
      husk_failures++;                                                         \
    }                                                                          \
  } while (0)

#define CHECK_OK(expr)                                                         \
  do {                                                                         \
    errno = 0;                                                                 \
    long husk_r_ = (long)(expr);                                               \
    int husk_e_ = errno;                                                       \
    if (husk_r_ != -1) {                                                       \
      printf("ok: %s\n", #expr);                                               \
    } else {                                                                   \
      printf("FAIL: %s -> -1 (%s) (line %d)\n", #expr, errname(husk_e_),       \
             __LINE__);                                                        \
      husk_failures++;                                                         \
    }                                                                          \
  } while (0)

#define CHECK_EQ(a, b)                                                         \
  do {                                                                         \
    long long husk_a_ = (long long)(a), husk_b_ = (long long)(b);              \
    if (husk_a_ == husk_b_) {                                                  \
      printf("ok: %s == %s\n", #a, #b);                                        \
    } else {                                                                   \
      printf("FAIL: %s == %s: %lld != %lld (line %d)\n", #a, #b, husk_a_,      \
             husk_b_, __LINE__);                                               \
      husk_failures++;                                                         \
    }                                                                          \
  } while (0)

#define DONE()                                                                 \
  do {                                                                         \
    fflush(stdout);                                                            \
    return husk_failures ? 1 : 0;                                              \
  } while (0)

#endif
