// ldisc_mix.h: the body of the write_pty_ldisc_* tests: forty pseudo-random
// mixes of termios flags and typed input pushed through a pty, printing the
// reads and the echo. The including test defines LDISC_SEED, LDISC_IFLAGS
// (5 input flags), LDISC_LFLAGS (8 local flags) and LDISC_ALPHABET (the
// bytes input is drawn from).
static unsigned long long seed = LDISC_SEED;
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
  static const tcflag_t ifl[] = LDISC_IFLAGS;
  static const tcflag_t ofl[] = {OPOST, ONLCR, OCRNL, ONOCR, ONLRET};
  static const tcflag_t lfl[] = LDISC_LFLAGS;
  static const unsigned char alpha[] = LDISC_ALPHABET;
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
    /* A read that finds nothing waits for the line discipline to take in
     * all that was written (Linux flushes its input work first), so
     * reading each side to EAGAIN sees everything, with no timing.
     *
     * A signal character that flushes (ISIG without NOFLSH) also drops
     * the echo the master has not yet taken in, and on Linux whether the
     * master's own input work ran before the flush is a matter of timing.
     * So the input is written in pieces that end before each such
     * character, and both sides are drained after each piece: what was
     * echoed before the flush is then always read before it. */
    int flushing = (t.c_lflag & ISIG) && !(t.c_lflag & NOFLSH);
    unsigned char buf[256];
    unsigned char echo[1024];
    int e = 0, r, from = 0;
    for (int i = 0; i <= n; i++) {
      int cut = i == n || (i > from && flushing &&
                           (in[i] == t.c_cc[VINTR] || in[i] == t.c_cc[VQUIT] ||
                            in[i] == t.c_cc[VSUSP]));
      if (!cut) continue;
      if (write(m, in + from, i - from) != i - from) printf(" short-write");
      from = i;
      while ((r = read(s, buf, sizeof buf)) >= 0) hex("read", buf, r);
      if (errno != EAGAIN) printf(" read-err=%s", errname(errno));
      while (e < (int)sizeof echo && (r = read(m, echo + e, sizeof echo - e)) > 0) e += r;
    }
    hex("echo", echo, e);
    printf("\n");
    close(s);
    close(m);
  }
  DONE();
}
