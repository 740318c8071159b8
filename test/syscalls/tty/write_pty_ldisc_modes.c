// write_pty_ldisc_modes: forty pseudo-random mixes of input, output and local flags (no ISIG, no IXON) and typed input with erase, kill, word-erase, literal-next, reprint, EOF, EOL, CR, NL, tabs and UTF-8 give the same echo and the same reads as Linux's n_tty.
#include "../common.h"
#include "pty.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

#define LDISC_SEED 88172645463325252ULL
#define LDISC_IFLAGS {ICRNL, INLCR, IGNCR, ISTRIP, IUTF8}
#define LDISC_LFLAGS {ICANON, ECHO, ECHOE, ECHOK, ECHONL, ECHOCTL, ECHOKE, IEXTEN}
#define LDISC_ALPHABET "ab \t\r\n\x7f\x15\x17\x16\x12\x04\x01\xc3\xa9!"
#include "ldisc_mix.h"
