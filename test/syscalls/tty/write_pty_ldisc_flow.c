// write_pty_ldisc_flow: forty pseudo-random mixes of flags with ISIG, NOFLSH, IXON and IXANY, and typed input with interrupt, quit, suspend, stop and start characters among the editing ones, on a pty that is nobody's controlling terminal (no signal is sent): the same flushes, held echoes and reads as Linux.
#include "../common.h"
#include "pty.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

#define LDISC_SEED 2463534242ULL
#define LDISC_IFLAGS {ICRNL, IXON, IXANY, INLCR, IUTF8}
#define LDISC_LFLAGS {ICANON, ECHO, ISIG, NOFLSH, ECHONL, ECHOCTL, ECHOE, IEXTEN}
#define LDISC_ALPHABET "ab \r\n\x7f\x15\x16\x04\x03\x1c\x1a\x13\x11\x13!"
#include "ldisc_mix.h"
