// pipe_atomic_writes: writes of PIPE_BUF bytes or less from two processes into one pipe are never interleaved: every 512-byte record read back is all one letter.
#include "../common.h"
#include <limits.h>
#include <sys/wait.h>

#define REC 512
#define N 64

int main(void) {
  int p[2];
  CHECK_OK(pipe(p));
  fflush(stdout);
  for (int w = 0; w < 2; w++) {
    if (fork() == 0) {
      char rec[REC];
      memset(rec, w ? 'b' : 'a', REC);
      for (int i = 0; i < N; i++)
        if (write(p[1], rec, REC) != REC) _exit(1);
      _exit(0);
    }
  }
  CHECK_OK(close(p[1]));
  char rec[REC];
  int bad = 0, recs = 0;
  for (;;) {
    int got = 0, r;
    while (got < REC && (r = read(p[0], rec + got, REC - got)) > 0) got += r;
    if (got == 0) break;
    for (int i = 1; i < got; i++)
      if (rec[i] != rec[0]) bad++;
    recs++;
  }
  while (wait(NULL) > 0) {
  }
  CHECK_EQ(recs, 2 * N);
  CHECK_EQ(bad, 0);
  DONE();
}
