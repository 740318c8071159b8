// write_pty_ldisc_modes: forty pseudo-random mixes of input, output and local flags (no ISIG, no IXON) and typed input with erase, kill, word-erase, literal-next, reprint, EOF, EOL, CR, NL, tabs and UTF-8 give the same echo and the same reads as Linux's n_tty.
#include "../common.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

/* open_pair opens a new pty: *m the master, *s the replica (open flags sflags). */
static int open_pair(int *m, int *s, int sflags) {
  *m = posix_openpt(O_RDWR | O_NOCTTY);
  if (*m < 0 || grantpt(*m) || unlockpt(*m)) return -1;
  *s = open(ptsname(*m), O_RDWR | sflags);
  return *s < 0 ? -1 : 0;
}

/* read_n reads n bytes from fd, waiting up to 2 s for each part; returns how many it got. */
__attribute__((unused)) static int read_n(int fd, char *buf, int n) {
  int got = 0;
  while (got < n) {
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 2000) <= 0) break;
    int r = read(fd, buf + got, n - got);
    if (r <= 0) break;
    got += r;
  }
  return got;
}

/* expect_out reads strlen(want) bytes from fd and compares them with want. */
#define EXPECT_OUT(fd, want)                                                   \
  do {                                                                         \
    char b_[256] = {0};                                                        \
    int n_ = read_n(fd, b_, strlen(want));                                     \
    CHECK(n_ == (int)strlen(want) && memcmp(b_, want, n_) == 0);               \
  } while (0)

/* wait_flag waits up to 2 s for *flag to become nonzero. */
__attribute__((unused)) static int wait_flag(volatile sig_atomic_t *flag) {
  for (int i = 0; i < 200 && !*flag; i++) usleep(10000);
  return *flag;
}

/* child_status waits for pid and returns its exit status (-1: it did not exit). */
__attribute__((unused)) static int child_status(pid_t pid) {
  int st;
  if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) return -1;
  return WEXITSTATUS(st);
}
static unsigned long long seed = 88172645463325252ULL;
static unsigned next(void) {
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  return (unsigned)(seed >> 11);
}

static void hex(const char *tag, const unsigned char *b, int n) {
  printf(" %s=", tag);
  for (int i = 0; i < n; i++) printf("%02x", b[i]);
}

int main(void) {
  static const tcflag_t ifl[] = {ICRNL, INLCR, IGNCR, ISTRIP, IUTF8};
  static const tcflag_t ofl[] = {OPOST, ONLCR, OCRNL, ONOCR, ONLRET};
  static const tcflag_t lfl[] = {ICANON, ECHO, ECHOE, ECHOK, ECHONL, ECHOCTL, ECHOKE, IEXTEN};
  static const unsigned char alpha[] = "ab \t\r\n\x7f\x15\x17\x16\x12\x04\x01\xc3\xa9!";
  for (int c = 0; c < 40; c++) {
    int m, s;
    if (open_pair(&m, &s, O_NOCTTY | O_NONBLOCK)) {
      CHECK(0);
      break;
    }
    fcntl(m, F_SETFL, O_NONBLOCK);
    struct termios t;
    tcgetattr(s, &t);
    t.c_iflag = t.c_oflag = t.c_lflag = 0;
    for (int i = 0; i < 5; i++)
      if (next() % 2) t.c_iflag |= ifl[i];
    for (int i = 0; i < 5; i++)
      if (next() % 2) t.c_oflag |= ofl[i];
    for (int i = 0; i < 8; i++)
      if (next() % 5 < 3) t.c_lflag |= lfl[i];
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    t.c_cc[VEOL] = '!';
    tcsetattr(s, TCSANOW, &t);
    unsigned char in[64];
    int n = 1 + next() % 40;
    for (int i = 0; i < n; i++) in[i] = alpha[next() % (sizeof alpha - 1)];
    printf("case %d iflag %#o oflag %#o lflag %#o", c, t.c_iflag, t.c_oflag, t.c_lflag);
    hex("in", in, n);
    if (write(m, in, n) != n) printf(" short-write");
    /* A read that finds nothing waits for the line discipline to take in
     * all that was written (Linux flushes its input work first), so
     * reading each side to EAGAIN sees everything, with no timing. */
    unsigned char buf[256];
    int r;
    while ((r = read(s, buf, sizeof buf)) >= 0) hex("read", buf, r);
    if (errno != EAGAIN) printf(" read-err=%s", errname(errno));
    unsigned char echo[1024];
    int e = 0;
    while (e < (int)sizeof echo && (r = read(m, echo + e, sizeof echo - e)) > 0) e += r;
    hex("echo", echo, e);
    printf("\n");
    close(s);
    close(m);
  }
  DONE();
}
